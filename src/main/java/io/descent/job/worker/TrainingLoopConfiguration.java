package io.descent.job.worker;

import ai.djl.engine.Engine;
import io.descent.training.TrainingLoop;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The training core as a bean for {@link JobWorker}; the core itself knows nothing of Spring. Not
 * conditional on the worker being enabled, because the job worker bean is not.
 */
@Configuration
class TrainingLoopConfiguration {

    @Bean
    TrainingLoop trainingLoop(Engine engine) {
        return new TrainingLoop(engine);
    }
}
