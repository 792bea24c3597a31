package io.descent.model;

import ai.djl.engine.Engine;
import io.descent.job.JobConflictException;
import io.descent.job.JobService;
import io.descent.job.ModelSource;
import io.descent.job.spec.AcceptedSpec;
import io.descent.job.spec.JobSpecResolver;
import io.descent.system.Lease;
import io.descent.system.LeasedCache;
import io.descent.training.CheckpointException;
import io.descent.training.TrainedModel;
import io.descent.training.checkpoint.CheckpointFile;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Loads jobs' trained models for inference and keeps up to {@code descent.models.cache-size} of
 * them loaded, so a stream of prediction requests does not rebuild the network each time. Models
 * are handed out as leases: one the cache lets go of stays loaded until its last user closes its
 * lease. A newer checkpoint of the same job replaces its cached latest model; a model of a given
 * epoch is cached apart from it.
 */
@Component
public class TrainedModels implements MeterBinder, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TrainedModels.class);

    /** A loaded model and the job's output class names (empty for regression). */
    public record Loaded(UUID jobId, TrainedModel model, List<String> classNames, String datasetId) {}

    private final JobService jobs;
    private final JobSpecResolver resolver;
    private final Engine engine;
    private final LeasedCache<Key, Loaded> cache;

    /** One cache entry per job's latest model ({@code epoch} null) and per job and kept epoch. */
    private record Key(UUID jobId, Integer epoch) {}

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
        return cache.lease(new Key(jobId, null), cached -> cached.model().epoch() == source.epoch(), key -> load(jobId, source));
    }

    /**
     * The job's model after {@code epoch}, from one of its kept checkpoints ({@code checkpoints.keepEvery}
     * or the latest ones), loaded unless cached. A finished epoch's weights never change (a resumed
     * run trains an epoch again to the same weights), so a cached one is always current.
     *
     * @throws io.descent.job.JobNotFoundException when there is no such job
     * @throws io.descent.job.JobConflictException when no checkpoint of that epoch is kept
     */
    public Lease<Loaded> lease(UUID jobId, int epoch) {
        ModelSource source = jobs.model(jobId, epoch);
        return cache.lease(new Key(jobId, epoch), cached -> true, key -> load(jobId, source));
    }

    private Loaded load(UUID jobId, ModelSource source) {
        AcceptedSpec spec = resolver.resolveStored(source.job().spec());
        try (InputStream in = CheckpointFile.open(source.checkpoint())) {
            TrainedModel model = new TrainedModel(engine, spec.training(), source.info().features(), source.info().classNames().size(),
                    source.info().normalization(), in);
            try {
                // The checksum is checked when the last byte is read; the weights come first.
                in.transferTo(OutputStream.nullOutputStream());
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
            return new Loaded(jobId, model, source.info().classNames(), source.info().datasetId());
        } catch (CheckpointException | IOException e) {
            log.warn("The weights of job {} in {} cannot be read", jobId, source.checkpoint(), e);
            throw new JobConflictException("The weights of job " + jobId + " after epoch " + source.epoch() + " cannot be used: "
                    + (e instanceof CheckpointException ? e.getMessage() : "the checkpoint file cannot be read")
                    + ". Train the job again, or delete it.");
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
