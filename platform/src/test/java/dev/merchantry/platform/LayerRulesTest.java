package dev.merchantry.platform;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import dev.merchantry.platform.http.HttpSettings;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The platform's layers as docs/architecture.md draws them, checked on the compiled classes (tests excluded):
 *
 * <pre>
 *   composition root (dev.merchantry.platform: MerchantryNode, NodeOptions, DemoShop)
 *        ↓
 *   cli  →  http  →  bus          (adapters: the ways in)
 *        ↓      ↓      ↓
 *   services (auth, ingest, catalog, customers, shops, strategies, serving, jobs,    tools (tools.importclient,
 *             profiles, pricing, replenishment, experiments,                            tools.evaluation, demo)
 *             webhooks)
 *        ↓                                                                          ↓
 *   service contract (dev.merchantry.platform.service: ServiceException, Addresses, TextRules, RequestFields)
 *   storage, plugins
 *        ↓
 *   plugin-api (dev.merchantry.api)
 *
 *   observability (EventLog: one line format for operator events) — usable from every layer, uses none
 * </pre>
 *
 * A layer may use any layer below it, never one above; only the composition root and {@code cli} see {@code http};
 * the server's services and the tools do not use each other. Among the services, any dependency is allowed as long as
 * there is no cycle. There are no exceptions: a dependency these rules refuse is fixed in the code, not listed here.
 */
class LayerRulesTest {

    /** The server's services: what a node does, independent of how it is called (REST, event bus, CLI). */
    static final String[] SERVICES = {
            "dev.merchantry.platform.auth..",
            "dev.merchantry.platform.ingest..",
            "dev.merchantry.platform.strategies..",
            "dev.merchantry.platform.serving..",
            "dev.merchantry.platform.shops..",
            "dev.merchantry.platform.customers..",
            "dev.merchantry.platform.catalog..",
            "dev.merchantry.platform.jobs..",
            "dev.merchantry.platform.profiles..",
            "dev.merchantry.platform.pricing..",
            "dev.merchantry.platform.replenishment..",
            "dev.merchantry.platform.experiments..",
            "dev.merchantry.platform.webhooks..",
            "dev.merchantry.platform.performance.."};

    /**
     * The tools: the file importer (used by {@code merchantry import} and the console's upload), the demo data
     * generator and the offline evaluation harness. They run beside a node, not inside its services.
     */
    static final String[] TOOLS = {
            "dev.merchantry.platform.tools.importclient..",
            "dev.merchantry.platform.demo..",
            "dev.merchantry.platform.tools.evaluation.."};

    /** JDBC and the database libraries: storage's business only. */
    static final String[] DATABASE_ACCESS = {
            "java.sql..", "javax.sql..", "com.zaxxer.hikari..", "org.flywaydb..", "org.sqlite..", "org.postgresql..",
            "org.h2.."};

    private static final JavaClasses PLATFORM = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.merchantry.platform", "dev.merchantry.api");

    static LayeredArchitecture layers() {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Composition").definedBy("dev.merchantry.platform", "dev.merchantry.platform.node..")
                .layer("Cli").definedBy("dev.merchantry.platform.cli..")
                .layer("Http").definedBy("dev.merchantry.platform.http..")
                .layer("Bus").definedBy("dev.merchantry.platform.bus..")
                .layer("Services").definedBy(SERVICES)
                .layer("Tools").definedBy(TOOLS)
                .layer("ServiceContract").definedBy("dev.merchantry.platform.service..")
                .layer("Storage").definedBy("dev.merchantry.platform.storage..")
                .layer("Plugins").definedBy("dev.merchantry.platform.plugins..")
                .layer("PluginApi").definedBy("dev.merchantry.api..")
                .layer("Observability").definedBy("dev.merchantry.platform.observability..")
                .ensureAllClassesAreContainedInArchitecture();
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layers()
                .whereLayer("Composition").mayOnlyBeAccessedByLayers("Cli")
                .whereLayer("Cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("Http").mayOnlyBeAccessedByLayers("Composition", "Cli")
                .whereLayer("Http").mayOnlyAccessLayers("Bus", "Services", "Tools", "ServiceContract", "Storage",
                        "Plugins", "PluginApi", "Observability")
                .whereLayer("Bus").mayOnlyBeAccessedByLayers("Composition", "Http")
                .whereLayer("Bus").mayOnlyAccessLayers("Services", "ServiceContract", "PluginApi", "Observability")
                .whereLayer("Services").mayOnlyAccessLayers("ServiceContract", "Storage", "Plugins", "PluginApi",
                        "Observability")
                .whereLayer("Tools").mayOnlyBeAccessedByLayers("Composition", "Cli", "Http")
                .whereLayer("Tools").mayOnlyAccessLayers("ServiceContract", "Plugins", "PluginApi", "Observability")
                .whereLayer("ServiceContract").mayNotAccessAnyLayer()
                .whereLayer("Storage").mayOnlyAccessLayers("PluginApi", "Observability")
                .whereLayer("Plugins").mayOnlyAccessLayers("PluginApi", "Observability")
                .whereLayer("PluginApi").mayNotAccessAnyLayer()
                .whereLayer("Observability").mayNotAccessAnyLayer()
                .check(PLATFORM);
    }

    @Test
    void cliUsesOnlyTheHttpSettingsOfHttp() {
        noClasses().that().resideInAPackage("dev.merchantry.platform.cli..")
                .should().dependOnClassesThat(resideInAPackage("dev.merchantry.platform.http..")
                        .and(not(equivalentTo(HttpSettings.class))))
                .because("serve turns its --http-* flags into the node's HttpSettings; everything else of HTTP is the"
                        + " node's to wire")
                .check(PLATFORM);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.merchantry.platform.(*)..").should().beFreeOfCycles().check(PLATFORM);
    }

    @Test
    void onlyStorageTouchesTheDatabase() {
        noClasses().that().resideOutsideOfPackage("dev.merchantry.platform.storage..")
                .should().dependOnClassesThat().resideInAnyPackage(DATABASE_ACCESS)
                .because("all SQL sits behind the storage repositories (docs/architecture.md, Storage)")
                .check(PLATFORM);
    }

    @Test
    void onlyHttpAndTheCompositionRootUseVertxHttp() {
        noClasses().that().resideOutsideOfPackages("dev.merchantry.platform.http..", "dev.merchantry.platform")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx.ext.web..", "io.vertx.core.http..")
                .because("requests, responses, routing contexts and cookies are the REST adapter's; services answer"
                        + " futures and write to plain streams")
                .check(PLATFORM);
    }
}
