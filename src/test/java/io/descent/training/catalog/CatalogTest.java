package io.descent.training.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.training.optim.OptimizerDefinition;
import io.descent.training.optim.Optimizers;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CatalogTest {

    private final Catalog<OptimizerDefinition> catalog = Optimizers.CATALOG;

    @Test
    void fillsEveryDefaultInDeclarationOrder() {
        Violations violations = new Violations();
        Optional<Configured<OptimizerDefinition>> sgd = catalog.resolve(Map.of("type", "sgd", "lr", 0.5), "/optimizer", violations);

        assertThat(violations.isEmpty()).isTrue();
        assertThat(sgd.orElseThrow().toJson()).containsExactly(
                Map.entry("type", "sgd"), Map.entry("lr", 0.5), Map.entry("momentum", 0.0), Map.entry("dampening", 0.0),
                Map.entry("nesterov", false), Map.entry("weightDecay", 0.0));
    }

    @Test
    void unknownTypeListsTheKnownOnes() {
        Violations violations = new Violations();
        assertThat(catalog.resolve(Map.of("type", "adamax"), "/optimizer", violations)).isEmpty();
        assertThat(violations.asList()).singleElement().satisfies(v -> {
            assertThat(v.pointer()).isEqualTo("/optimizer/type");
            assertThat(v.message()).contains("adamax").contains("sgd, adagrad, rmsprop, adam, adamw, adadelta");
        });
    }

    @Test
    void reportsEveryBadParameterAtOnceWithItsPointer() {
        Violations violations = new Violations();
        catalog.resolve(Map.of("type", "adam", "lr", -1, "betas", List.of(0.9), "amsgrad", "yes", "momentum", 0.9), "/optimizer", violations);

        assertThat(violations.asList()).extracting(Violation::pointer)
                .containsExactlyInAnyOrder("/optimizer/lr", "/optimizer/betas", "/optimizer/amsgrad", "/optimizer/momentum");
        assertThat(violations.asList()).filteredOn(v -> v.pointer().equals("/optimizer/lr"))
                .singleElement().extracting(Violation::message).asString().contains("> 0").contains("-1");
        assertThat(violations.asList()).filteredOn(v -> v.pointer().equals("/optimizer/momentum"))
                .singleElement().extracting(Violation::message).asString().contains("accepts: lr, betas, eps, amsgrad, weightDecay");
    }

    @Test
    void acceptsIntegersWhereNumbersAreExpectedAndRejectsFractionsForIntegers() {
        Violations violations = new Violations();
        assertThat(catalog.resolve(Map.of("type", "sgd", "lr", 1), "", violations)).isPresent();
        assertThat(io.descent.training.schedule.Schedules.CATALOG.resolve(Map.of("type", "step", "stepSize", 2.5), "/schedule", violations)).isEmpty();
        assertThat(violations.asList()).extracting(Violation::pointer).containsExactly("/schedule/stepSize");
    }

    @Test
    void requiredParametersMustBeGiven() {
        Violations violations = new Violations();
        assertThat(io.descent.training.schedule.Schedules.CATALOG.resolve(Map.of("type", "step"), "/schedule", violations)).isEmpty();
        assertThat(violations.asList()).singleElement().extracting(Violation::message).asString().contains("\"stepSize\" is required");
    }

    @Test
    void crossParameterChecksRun() {
        Violations violations = new Violations();
        assertThat(catalog.resolve(Map.of("type", "sgd", "nesterov", true), "/optimizer", violations)).isEmpty();
        assertThat(violations.asList()).singleElement().extracting(Violation::pointer).isEqualTo("/optimizer/nesterov");
    }

    @Test
    void rejectsNonFiniteAndOutOfRangeValues() {
        Violations violations = new Violations();
        catalog.resolve(Map.of("type", "sgd", "momentum", 1.0), "", violations);
        catalog.resolve(Map.of("type", "sgd", "lr", Double.NaN), "", violations);
        assertThat(violations.asList()).extracting(Violation::pointer).containsExactly("/momentum", "/lr");
    }

    @Test
    void integerParametersRejectWholeNumberDecimalsAndListsMustNotBeEmpty() {
        Violations violations = new Violations();
        io.descent.training.schedule.Schedules.resolve(Map.of("type", "step", "stepSize", 5.0), "/schedule", violations);
        io.descent.training.schedule.Schedules.resolve(Map.of("type", "multistep", "milestones", List.of()), "/schedule", violations);
        assertThat(violations.asList()).extracting(Violation::pointer).containsExactly("/schedule/stepSize", "/schedule/milestones");
    }

    @Test
    void objectsWithoutATypeRejectOne() {
        Violations violations = new Violations();
        io.descent.training.schedule.Schedules.resolve(Map.of("type", "constant", "warmup", Map.of("type", "linear", "epochs", 2)), "/schedule", violations);
        io.descent.training.regularization.Regularizations.resolve(Map.of("type", "l2", "l2", 0.1), "/regularization", violations);
        assertThat(violations.asList()).extracting(Violation::pointer).containsExactly("/schedule/warmup/type", "/regularization/type");
    }

    @Test
    void exactlyOneOfTwoAlternativesMustBeGiven() {
        Violations violations = new Violations();
        io.descent.training.schedule.Schedules.resolve(Map.of("type", "exponential"), "/schedule", violations);
        io.descent.training.schedule.Schedules.resolve(Map.of("type", "exponential", "gamma", 0.9, "k", 0.1), "/schedule", violations);
        io.descent.training.regularization.Regularizations.resolve(Map.of("gradientClip", Map.of()), "/regularization", violations);
        assertThat(violations.asList()).extracting(Violation::pointer).containsExactly("/schedule", "/schedule", "/regularization/gradientClip");
    }
}
