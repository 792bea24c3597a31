package io.descent.job;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param dir where checkpoint files go; shared by all nodes (a volume) so any node can resume any job
 * @param keep how many of a job's latest checkpoints are kept
 */
@ConfigurationProperties("descent.checkpoints")
public record CheckpointProperties(@DefaultValue("./data/checkpoints") Path dir, @DefaultValue("2") int keep) {}
