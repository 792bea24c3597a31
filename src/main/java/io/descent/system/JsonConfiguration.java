package io.descent.system;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/** What application.yml's spring.jackson settings cannot say about reading request bodies. */
@Configuration
class JsonConfiguration {

    /** 5 or true where a string belongs is an error, as "5" where an integer belongs already is (application.yml). */
    @Bean
    JsonMapperBuilderCustomizer scalarsAreNotStrings() {
        return builder -> builder.withCoercionConfig(LogicalType.Textual, config -> config
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    /**
     * "   " where a number or boolean belongs is an error too: Jackson otherwise reads a blank
     * string as null for these types, so a spec's {@code "dropout": " "} took the default.
     */
    @Bean
    JsonMapperBuilderCustomizer blankIsNotNull() {
        return builder -> {
            for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
                builder.withCoercionConfig(type, config -> config.setAcceptBlankAsEmpty(false));
            }
        };
    }
}
