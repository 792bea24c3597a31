package io.descent.dataset;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param fashionMnistDir where the full Fashion-MNIST IDX files are (Debian's package path by default)
 * @param dir where uploaded and generated datasets are stored; shared by all nodes
 * @param maxUploadSize uploads beyond this are refused while streaming, never read whole
 * @param maxRows rows an uploaded table may have
 * @param maxFeatures feature columns an uploaded table may have
 * @param cacheSize native memory that loaded datasets may keep between jobs; a dataset in use (a
 *     job, an evaluation) stays loaded until it is done, beyond this
 * @param maxMemory the most an uploaded or generated dataset may take in memory (rows × features × 4
 *     bytes, plus its labels); below 2GB, since each split is read into one buffer
 */
@ConfigurationProperties("descent.datasets")
public record DatasetProperties(
        @DefaultValue("/usr/share/datasets/fashion-mnist") Path fashionMnistDir,
        @DefaultValue("./data/datasets") Path dir,
        @DefaultValue("100MB") DataSize maxUploadSize,
        @DefaultValue("1000000") long maxRows,
        @DefaultValue("10000") int maxFeatures,
        @DefaultValue("1GB") DataSize cacheSize,
        @DefaultValue("1GB") DataSize maxMemory) {

    public DatasetProperties {
        if (maxMemory.toBytes() >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("descent.datasets.max-memory must be below 2GB (a split is read into one buffer); got " + maxMemory);
        }
    }
}
