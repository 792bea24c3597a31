package io.descent.dataset;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param fashionMnistDir where the full Fashion-MNIST IDX files are (Debian's package path by default)
 */
@ConfigurationProperties("descent.datasets")
public record DatasetProperties(@DefaultValue("/usr/share/datasets/fashion-mnist") Path fashionMnistDir) {}
