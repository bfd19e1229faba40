package dev.merchantry.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The plugin API is what third parties compile against: it may use only the JDK, PF4J and SLF4J. */
class ApiDependencyRulesTest {

    private final JavaClasses api = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.merchantry.api");

    @Test
    void apiDependsOnlyOnJdkPf4jAndSlf4j() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "dev.merchantry.api..", "org.pf4j..", "org.slf4j..")
                .because("plugin-api must not leak Vert.x or platform types to plugin authors")
                .check(api);
    }

    @Test
    void apiNeverReferencesThePlatformOrVertx() {
        classes().should().onlyDependOnClassesThat()
                .resideOutsideOfPackages("io.vertx..", "dev.merchantry.platform..", "io.netty..", "com.hazelcast..")
                .check(api);
    }
}
