package io.descent.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

interface ApiKeyRepository extends JpaRepository<ApiKey, UUID> {

    Optional<ApiKey> findByHashAndRevokedAtIsNull(String hash);

    List<ApiKey> findAllByOrderByCreatedAt();

    @Query("select count(k) from ApiKey k where k.role = io.descent.access.Role.ADMIN and k.revokedAt is null")
    long countActiveAdmins();

    @Transactional
    @Modifying
    @Query("update ApiKey k set k.lastUsedAt = :at where k.id = :id")
    int touch(UUID id, Instant at);
}
