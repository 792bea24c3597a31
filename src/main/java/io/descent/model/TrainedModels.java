package io.descent.model;

import ai.djl.engine.Engine;
import io.descent.job.JobService;
import io.descent.job.ModelSource;
import io.descent.job.spec.AcceptedSpec;
import io.descent.job.spec.JobSpecResolver;
import io.descent.system.Lease;
import io.descent.system.LeasedCache;
import io.descent.training.TrainedModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Loads jobs' trained models for inference and keeps up to {@code descent.models.cache-size} of
 * them loaded, so a stream of prediction requests does not rebuild the network each time. Models
 * are handed out as leases: one the cache lets go of stays loaded until its last user closes its
 * lease. A newer checkpoint of the same job replaces its cached model.
 */
@Component
public class TrainedModels implements MeterBinder, AutoCloseable {

    /** A loaded model and the job's output class names (empty for regression). */
    public record Loaded(UUID jobId, TrainedModel model, List<String> classNames, String datasetId) {}

    private final JobService jobs;
    private final JobSpecResolver resolver;
    private final Engine engine;
    private final LeasedCache<UUID, Loaded> cache;

    TrainedModels(JobService jobs, JobSpecResolver resolver, Engine engine, ModelProperties properties) {
        this.jobs = jobs;
        this.resolver = resolver;
        this.engine = engine;
        this.cache = new LeasedCache<>("models", properties.cacheSize(), loaded -> 1, loaded -> loaded.model().close());
    }

    /**
     * The job's model at its latest checkpoint, loaded unless cached. Close the lease when done
     * with the model (try-with-resources); until then it stays usable, whatever the cache evicts.
     *
     * @throws io.descent.job.JobNotFoundException when there is no such job
     * @throws io.descent.job.JobConflictException when the job has no finished epoch yet
     */
    public Lease<Loaded> lease(UUID jobId) {
        ModelSource source = jobs.model(jobId);
        return cache.lease(jobId, cached -> cached.model().epoch() == source.epoch(), id -> load(id, source));
    }

    private Loaded load(UUID jobId, ModelSource source) {
        AcceptedSpec spec = resolver.resolveStored(source.job().spec());
        try (InputStream in = io.descent.training.checkpoint.CheckpointFile.open(source.checkpoint())) {
            TrainedModel model = new TrainedModel(engine, spec.training(), source.info().features(), source.info().classNames().size(),
                    source.info().normalization(), in);
            return new Loaded(jobId, model, source.info().classNames(), source.info().datasetId());
        } catch (IOException e) {
            throw new UncheckedIOException("The weights of job " + jobId + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Gauges {@code descent.leases.held} and {@code descent.leases.loaded} and the cache's statistics, tagged {@code cache=models}. */
    @Override
    public void bindTo(MeterRegistry registry) {
        cache.bindTo(registry);
    }

    @Override
    public void close() {
        cache.close();
    }
}
