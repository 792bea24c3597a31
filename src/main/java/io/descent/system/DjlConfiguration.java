package io.descent.system;

import ai.djl.engine.Engine;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The DJL engine as a bean, set up (offline, MKL dispatch, thread pools) before it first loads. */
@Configuration
class DjlConfiguration {

    /** Loading the engine at start surfaces a broken native install before any job is accepted. */
    @Bean
    Engine engine(EngineProperties properties) {
        DjlOffline.enforce();
        if (properties.mklFeatureDispatch()) {
            MklDispatch.install();
        }
        // Read by DJL when the engine first loads, which is here.
        if (properties.threads() != null) {
            System.setProperty("ai.djl.pytorch.num_threads", properties.threads().toString());
        }
        if (properties.interopThreads() != null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", properties.interopThreads().toString());
        }
        Engine engine = Engine.getEngine("PyTorch");
        MklDispatch.report();
        return engine;
    }

    /** {@code /actuator/info}: the engine, and which instruction set MKL says it uses. */
    @Bean
    org.springframework.boot.actuate.info.InfoContributor engineInfo(Engine engine, EngineProperties properties) {
        return builder -> {
            java.util.Map<String, Object> mkl = new java.util.LinkedHashMap<>();
            mkl.put("featureDispatch", properties.mklFeatureDispatch() && MklDispatch.install());
            mkl.put("processor", MklDispatch.processor().orElse(null));
            builder.withDetail("engine", java.util.Map.of("name", engine.getEngineName(), "version", engine.getVersion(), "mkl", mkl));
        };
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
