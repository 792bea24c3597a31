package io.descent.job.pool;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Set by a node's pool, in the environment of each trainer process it starts (never by hand).
 *
 * @param uplink {@code host:port} of the node's loopback channel, where this trainer sends what it
 *     counts and, on H2, what changed
 * @param token the secret this trainer presents on the channel (from the environment, not the
 *     command line, so other users of the machine cannot read it with ps)
 * @param parentPid the node's process: when it is gone, this trainer stops too
 * @param parentDatabase whether the node serves the database (embedded H2): with the node gone
 *     there is nothing left to save, so the trainer exits at once
 */
@ConfigurationProperties("descent.trainer")
public record TrainerProperties(String uplink, String token, Long parentPid, boolean parentDatabase) {}
