package io.descent.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.descent.system.AfterTransaction;
import io.descent.system.changes.ChangeFeed;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API keys: made here, shown once, stored as a SHA-256 hash. A request's key is looked up by hash
 * and kept for a minute, so that polling costs no query; a revocation is told to every node through
 * the change feed, which drops the key there at once (and every key, when the feed may have missed
 * something).
 */
@Service
public class ApiKeys {

    /** Keys start with this, so that a leaked one is easy to recognise (secret scanners, logs). */
    static final String PREFIX = "dsk_";
    /** Last use is written at most this often per key and node: a request must not cost a write. */
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    /** @param key the key itself, shown only in the answer that created it */
    public record Created(KeyInfo info, String key) {}

    public record KeyInfo(UUID id, String name, Role role, String prefix, Instant createdAt, Instant lastUsedAt, Instant revokedAt,
            Quotas.Overrides quotas) {}

    private static final Duration CACHED_FOR = Duration.ofMinutes(1);

    private final ApiKeyRepository keys;
    private final Clock clock;
    private final ChangeFeed changes;
    /** Hash → caller, for keys that exist and are not revoked. */
    private final Cache<String, Caller> known = Caffeine.newBuilder().expireAfterWrite(CACHED_FOR).maximumSize(10_000).build();
    private final SecureRandom random = new SecureRandom();
    private final Map<UUID, Instant> touched = new ConcurrentHashMap<>();

    ApiKeys(ApiKeyRepository keys, Clock clock, ChangeFeed changes) {
        this.keys = keys;
        this.clock = clock;
        this.changes = changes;
        changes.listen(ChangeFeed.Topic.KEY, new ChangeFeed.Listener() {
            @Override
            public void changed(String payload) {
                known.asMap().values().removeIf(caller -> caller.key().toString().equals(payload));
            }

            @Override
            public void missed() {
                known.invalidateAll();
            }
        });
    }

    @Transactional
    public Created create(String name, Role role, Quotas.Overrides quotas) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new Created(info(store(key, name, role, quotas)), key);
    }

    /** Stores a key chosen elsewhere (the configured admin key), unless it is stored already. */
    @Transactional
    public boolean adopt(String key, String name, Role role) {
        if (keys.findByHashAndRevokedAtIsNull(hash(key)).isPresent()) {
            return false;
        }
        store(key, name, role, null);
        return true;
    }

    private ApiKey store(String key, String name, Role role, Quotas.Overrides quotas) {
        return keys.saveAndFlush(new ApiKey(UUID.randomUUID(), name, role, hash(key), key.substring(0, Math.min(key.length(), 12)),
                clock.instant(), quotas));
    }

    public List<KeyInfo> list() {
        return keys.findAllByOrderByCreatedAt().stream().map(ApiKeys::info).toList();
    }

    public Optional<KeyInfo> get(UUID id) {
        return keys.findById(id).map(ApiKeys::info);
    }

    /** @return false when there is no such key */
    @Transactional
    public boolean revoke(UUID id) {
        Optional<ApiKey> key = keys.findById(id);
        key.ifPresent(k -> {
            k.revoke(clock.instant());
            AfterTransaction.commit(() -> changes.publish(ChangeFeed.Topic.KEY, id.toString()));
        });
        return key.isPresent();
    }

    public boolean anyAdmin() {
        return keys.countActiveAdmins() > 0;
    }

    /** The caller a presented key stands for; empty when it is unknown or revoked. */
    public Optional<Caller> authenticate(String key) {
        String hash = hash(key);
        Caller caller = known.getIfPresent(hash);
        if (caller == null) {
            caller = keys.findByHashAndRevokedAtIsNull(hash).map(ApiKey::caller).orElse(null);
            if (caller == null) {
                return Optional.empty();
            }
            known.put(hash, caller);
        }
        Instant now = clock.instant();
        Instant last = touched.get(caller.key());
        if (last == null || last.plus(TOUCH_INTERVAL).isBefore(now)) {
            touched.put(caller.key(), now);
            keys.touch(caller.key(), now);
        }
        return Optional.of(caller);
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static KeyInfo info(ApiKey k) {
        return new KeyInfo(k.getId(), k.getName(), k.getRole(), k.getPrefix(), k.getCreatedAt(), k.getLastUsedAt(), k.getRevokedAt(),
                k.overrides());
    }
}
