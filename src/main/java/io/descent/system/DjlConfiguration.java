package io.descent.system;

import ai.djl.engine.Engine;
import io.descent.training.TrainingLoop;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The engine and the training core, as beans; the core itself knows nothing of Spring. */
@Configuration
class DjlConfiguration {

    /** Loading the engine at start surfaces a broken native install before any job is accepted. */
    @Bean
    Engine engine() {
        DjlOffline.enforce();
        return Engine.getEngine("PyTorch");
    }

    @Bean
    TrainingLoop trainingLoop(Engine engine) {
        return new TrainingLoop(engine);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
