package io.descent;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package boundaries of docs/STYLE.md, checked on the main code: top-level packages are
 * features (job, dataset, model, training, trajectory, ...) plus the cross-cutting {@code system}.
 * Each rule's {@code because} says why; it is printed with every violation.
 */
@AnalyzeClasses(packages = "io.descent", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule systemKnowsNoFeature = noClasses().that().resideInAPackage("io.descent.system..")
            .should().dependOnClassesThat(resideInAPackage("io.descent.*..").and(not(resideInAPackage("io.descent.system.."))))
            .because("system is cross-cutting: every feature may use it, so it must not need a feature back");

    @ArchTest
    static final ArchRule trainingKnowsNoFrameworks = noClasses().that().resideInAPackage("io.descent.training..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..", "org.hibernate..",
                    "jakarta.servlet..", "tools.jackson..", "com.fasterxml.jackson..")
            .because("the training core must run in a plain unit test; Spring, JPA, servlets and JSON binding belong to the shell around it");

    @ArchTest
    static final ArchRule trainingKnowsNoOtherPackage = noClasses().that().resideInAPackage("io.descent.training..")
            .should().dependOnClassesThat(resideInAPackage("io.descent..").and(not(resideInAPackage("io.descent.training.."))))
            .because("the training core is the bottom layer: features use it, it uses none of them");

    @ArchTest
    static final ArchRule topLevelPackagesHaveNoCycles = slices().matching("io.descent.(*)..").should().beFreeOfCycles()
            .because("a cycle between features makes them one feature in all but name");
}
