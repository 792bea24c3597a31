package io.descent.model;

import ai.djl.engine.Engine;
import io.descent.job.JobService;
import io.descent.job.ModelSource;
import io.descent.job.spec.AcceptedSpec;
import io.descent.job.spec.JobSpecResolver;
import io.descent.training.TrainedModel;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Loads jobs' trained models for inference and keeps the most recently used ones in memory, so a
 * stream of prediction requests does not rebuild the network each time. A newer checkpoint of the
 * same job replaces its cached model.
 */
@Component
public class TrainedModels implements AutoCloseable {

    private static final int CACHED = 8;

    /** A loaded model and the job's output class names (empty for regression). */
    public record Loaded(UUID jobId, TrainedModel model, java.util.List<String> classNames, String datasetId) {}

    private final JobService jobs;
    private final JobSpecResolver resolver;
    private final Engine engine;
    private final Map<String, Loaded> cache = new LinkedHashMap<>(16, 0.75f, true);

    TrainedModels(JobService jobs, JobSpecResolver resolver, Engine engine) {
        this.jobs = jobs;
        this.resolver = resolver;
        this.engine = engine;
    }

    public synchronized Loaded get(UUID jobId) {
        ModelSource source = jobs.model(jobId);
        String key = jobId + "@" + source.epoch();
        Loaded loaded = cache.get(key);
        if (loaded != null) {
            return loaded;
        }
        AcceptedSpec spec = resolver.resolveStored(source.job().spec());
        try (InputStream in = io.descent.training.checkpoint.CheckpointFile.open(source.checkpoint())) {
            TrainedModel model = new TrainedModel(engine, spec.training(), source.info().features(), source.info().classNames().size(),
                    source.info().normalization(), in);
            loaded = new Loaded(jobId, model, source.info().classNames(), source.info().datasetId());
        } catch (IOException e) {
            throw new UncheckedIOException("The weights of job " + jobId + " cannot be read: " + e.getMessage(), e);
        }
        cache.keySet().removeIf(k -> k.startsWith(jobId + "@") && closeEntry(k));
        cache.put(key, loaded);
        if (cache.size() > CACHED) {
            String eldest = cache.keySet().iterator().next();
            cache.remove(eldest).model().close();
        }
        return loaded;
    }

    private boolean closeEntry(String key) {
        cache.get(key).model().close();
        return true;
    }

    @Override
    public synchronized void close() {
        cache.values().forEach(l -> l.model().close());
        cache.clear();
    }
}
