package dev.merchantry.platform.plugins;

import dev.merchantry.api.recommend.Interactions;
import dev.merchantry.api.recommend.RecommendationQuery;
import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.api.recommend.RecommenderData;
import dev.merchantry.platform.testing.Eventually;
import dev.merchantry.testkit.OfflineContext;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PluginHostTest {

    /** JVM-wide: the latch the slow test plugin's start() waits on. */
    private static final String SLOW_START_GATE = "merchantry.test.plugin-host-slow-start";

    @TempDir
    Path dir;

    /** Where test archives are built, outside the plugins directory. */
    @TempDir
    Path work;

    private static final String PLATFORM = "0.1.0";

    private static TestPluginBuilder good(String id, String strategyId) {
        return TestPluginBuilder.plugin(id).recommender("t." + id.replace('-', '_') + ".Rec", strategyId);
    }

    @Test
    void loadsAPluginJarAndItsStrategies() throws Exception {
        good("alpha", "alpha-rec").buildJar(dir);
        try (PluginHost host = new PluginHost(dir, PLATFORM)) {
            host.loadAll();
            PluginInfo info = host.plugin("alpha").orElseThrow();
            assertEquals(PluginState.STARTED, info.state());
            assertEquals(List.of("alpha-rec"), info.strategyIds());
            LoadedStrategy s = host.strategy("alpha-rec").orElseThrow();
            Recommender r = (Recommender) s.strategy();
            var model = r.fit(RecommenderData.of(Interactions.builder(false).build()),
                    r.descriptor().configSpec().parse(Map.of("size", 2)), OfflineContext.create(), null);
            assertEquals(2, model.recommend(RecommendationQuery.forCustomer("c", 5)).size());
        }
    }

    @Test
    void brokenPluginsAreReportedWithReasonsAndTheRestServe() throws Exception {
        good("good", "good-rec").buildJar(dir);
        Files.write(dir.resolve("not-a-plugin.jar"), zip(Map.of("hello.txt", "hi")));
        TestPluginBuilder.plugin("boom")
                .pluginClass("t.boom.BoomPlugin", """
                        package t.boom;
                        public class BoomPlugin extends org.pf4j.Plugin {
                            public void start() { throw new IllegalStateException("cannot reach license server"); }
                        }
                        """).buildJar(dir);
        good("future", "future-rec").requires(">=9.0.0").buildJar(dir);
        good("twin", "good-rec").buildJar(dir);

        try (PluginHost host = new PluginHost(dir, PLATFORM)) {
            host.loadAll();
            assertEquals(PluginState.STARTED, host.plugin("good").orElseThrow().state());
            assertTrue(host.strategy("good-rec").isPresent());

            PluginInfo notPlugin = host.plugin("not-a-plugin.jar").orElseThrow();
            assertEquals(PluginState.FAILED, notPlugin.state());
            assertTrue(notPlugin.reason() != null && !notPlugin.reason().isBlank());

            PluginInfo boom = host.plugin("boom").orElseThrow();
            assertEquals(PluginState.FAILED, boom.state());
            assertTrue(boom.reason().contains("cannot reach license server"), boom.reason());

            PluginInfo future = host.plugin("future").orElseThrow();
            assertEquals(PluginState.FAILED, future.state());
            assertTrue(future.reason().contains(">=9.0.0") && future.reason().contains(PLATFORM), future.reason());
            assertTrue(host.strategy("future-rec").isEmpty());

            PluginInfo twin = host.plugin("twin").orElseThrow();
            assertEquals(PluginState.FAILED, twin.state());
            assertTrue(twin.reason().contains("'good-rec' is already provided by plugin good"), twin.reason());
            assertEquals("good", host.strategy("good-rec").orElseThrow().pluginId());
        }
    }

    @Test
    void uploadsAreValidatedAndNothingIsLeftBehind() throws Exception {
        try (PluginHost host = new PluginHost(dir, PLATFORM)) {
            host.loadAll();
            assertThrows(PluginException.class, () -> install(host, "x.jar", "not a zip".getBytes()));
            PluginException traversal = assertThrows(PluginException.class,
                    () -> install(host, "evil.zip", zip(Map.of("../evil", "x", "plugin.properties", "plugin.id=evil"))));
            assertTrue(traversal.getMessage().contains("path traversal"));
            assertThrows(PluginException.class, () -> install(host, "nodesc.jar", zip(Map.of("a.txt", "a"))));
            assertThrows(PluginException.class, () -> install(host, "../up.jar", good("up", "up-rec").jarBytes(dir)));
            try (var files = Files.list(dir)) {
                assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".jar")
                        || p.getFileName().toString().endsWith(".zip")), "rejected uploads leave no files");
            }

            PluginInfo installed = install(host, "beta.jar", good("beta", "beta-rec").jarBytes(dir));
            assertEquals(PluginState.STARTED, installed.state());
            assertTrue(host.strategy("beta-rec").isPresent());
            PluginException dup = assertThrows(PluginException.class,
                    () -> install(host, "beta2.jar", good("beta", "beta-rec").jarBytes(dir)));
            assertTrue(dup.getMessage().contains("already installed"));
            assertEquals(PluginException.Kind.CONFLICT, dup.kind());
        }
    }

    private static PluginInfo install(PluginHost host, String file, byte[] archive) {
        return PluginHost.await(host.install(file, archive));
    }

    @Test
    void stopStartDeleteAtRuntimeNotifyListeners() throws Exception {
        good("gamma", "gamma-rec").buildJar(dir);
        try (PluginHost host = new PluginHost(dir, PLATFORM)) {
            List<String> events = new ArrayList<>();
            host.addListener(new PluginListener() {
                @Override
                public void strategiesRemoved(String pluginId, List<String> ids) {
                    events.add("removed " + pluginId + " " + ids);
                }

                @Override
                public void strategiesAdded(String pluginId, List<String> ids) {
                    events.add("added " + pluginId + " " + ids);
                }
            });
            host.loadAll();
            assertEquals(PluginState.STOPPED, PluginHost.await(host.stop("gamma")).state());
            assertTrue(host.strategy("gamma-rec").isEmpty());
            assertEquals(PluginState.STARTED, PluginHost.await(host.start("gamma")).state());
            PluginHost.await(host.delete("gamma"));
            assertTrue(host.plugin("gamma").isEmpty());
            try (var files = Files.list(dir)) {
                assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith("gamma")));
            }
            assertEquals(List.of("added gamma [gamma-rec]", "removed gamma [gamma-rec]", "added gamma [gamma-rec]",
                    "removed gamma [gamma-rec]"), events);
            assertThrows(PluginException.class, () -> PluginHost.await(host.stop("gamma")));
        }
    }

    @Test
    void aNodeQuarantinesRefusedArchivesAndNeverLoadsThemAgain() throws Exception {
        Path installed = good("good", "good-rec").buildJar(dir);
        // Installed first: on a strategy id clash it keeps its id, although the newcomer's name sorts first.
        Files.setLastModifiedTime(installed, FileTime.from(Instant.now().minus(1, ChronoUnit.DAYS)));
        good("aaa-twin", "good-rec").buildJar(dir);
        Files.write(dir.resolve("not-a-plugin.jar"), zip(Map.of("hello.txt", "hi")));
        boom().buildJar(dir);
        good("future", "future-rec").requires(">=9.0.0").buildJar(dir);

        for (int start = 0; start < 2; start++) {
            try (PluginHost host = PluginHost.forNode(dir, PLATFORM)) {
                host.loadAll();
                assertEquals(List.of("good"), host.plugins().stream().map(PluginInfo::id).toList(), "start " + start);
                assertEquals("good", host.strategy("good-rec").orElseThrow().pluginId());
                Map<String, String> reasons = new java.util.TreeMap<>();
                host.quarantined().forEach(q -> reasons.put(q.file(), q.reason()));
                assertEquals(List.of("aaa-twin-1.0.0.jar", "boom-1.0.0.jar", "future-1.0.0.jar", "not-a-plugin.jar"),
                        List.copyOf(reasons.keySet()));
                assertTrue(reasons.get("aaa-twin-1.0.0.jar").contains("'good-rec' is already provided by plugin good"));
                assertTrue(reasons.get("boom-1.0.0.jar").contains("cannot reach license server"));
                assertTrue(reasons.get("future-1.0.0.jar").contains(">=9.0.0"));
                assertTrue(reasons.get("not-a-plugin.jar").contains("no PF4J descriptor"));
                assertEquals(List.of("good-1.0.0.jar"), topLevelArchives(), "refused archives left the load path");
            }
        }
        try (PluginHost host = PluginHost.forNode(dir, PLATFORM)) {
            host.loadAll();
            PluginHost.await(host.delete("boom-1.0.0.jar"));
            assertEquals(3, host.quarantined().size());
            assertFalse(Files.exists(dir.resolve(".quarantine/boom-1.0.0.jar.reason.txt")));
        }
    }

    @Test
    void aZipIsCheckedWhenPf4jExpandsItAndNotReadAgainWhileItsExpandedCopyIsCurrent() throws Exception {
        // PF4J's zip layout: plugin.properties and the plugin's jar under lib/.
        byte[] jar = good("zeta", "zeta-rec").jarBytes(work);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry("plugin.properties"));
            z.write("plugin.id=zeta\nplugin.version=1.0.0\nplugin.provider=tests\n".getBytes());
            z.closeEntry();
            z.putNextEntry(new ZipEntry("lib/zeta-1.0.0.jar"));
            z.write(jar);
            z.closeEntry();
        }
        Path archive = dir.resolve("zeta-1.0.0.zip");
        Files.write(archive, bytes.toByteArray());
        Path expanded = dir.resolve("zeta-1.0.0");
        try (PluginHost host = PluginHost.forNode(dir, PLATFORM)) {
            host.loadAll();
            assertTrue(host.strategy("zeta-rec").isPresent());
        }
        assertTrue(Files.isDirectory(expanded), "PF4J expanded the zip");

        // Not a zip any more, but older than its expanded copy: PF4J loads the directory and never opens the file,
        // so a start does not read it either (it would have refused it).
        Files.write(archive, "not a zip".getBytes());
        Files.setLastModifiedTime(archive, FileTime.from(Files.getLastModifiedTime(expanded).toInstant()
                .minus(1, ChronoUnit.HOURS)));
        try (PluginHost host = PluginHost.forNode(dir, PLATFORM)) {
            host.loadAll();
            assertTrue(host.strategy("zeta-rec").isPresent());
            assertEquals(List.of(), host.quarantined());
        }

        // Newer than its expanded copy, PF4J would expand it again: it is checked first, and refused.
        Files.setLastModifiedTime(archive, FileTime.from(Instant.now().plus(1, ChronoUnit.HOURS)));
        try (PluginHost host = PluginHost.forNode(dir, PLATFORM)) {
            host.loadAll();
            assertTrue(host.strategy("zeta-rec").isEmpty());
            assertEquals(List.of("zeta-1.0.0.zip"), host.quarantined().stream().map(QuarantinedPlugin::file).toList());
        }
    }

    @Test
    void aRefusedUploadIsQuarantinedWithItsReason() throws Exception {
        try (PluginHost host = PluginHost.forNode(dir, PLATFORM)) {
            host.loadAll();
            install(host, null, good("first", "shared-rec").jarBytes(work));
            PluginException clash = assertThrows(PluginException.class,
                    () -> install(host, null, good("second", "shared-rec").jarBytes(work)));
            assertEquals(PluginException.Kind.CONFLICT, clash.kind());
            assertTrue(clash.getMessage().contains("quarantined as .quarantine/second-1.0.0.jar"), clash.getMessage());
            PluginException failing = assertThrows(PluginException.class, () -> install(host, "boom.jar", boom().jarBytes(work)));
            assertEquals(PluginException.Kind.INVALID, failing.kind());
            assertEquals(List.of("boom.jar", "second-1.0.0.jar"),
                    host.quarantined().stream().map(QuarantinedPlugin::file).toList());
            assertEquals("first", host.strategy("shared-rec").orElseThrow().pluginId());
            assertEquals(List.of("first-1.0.0.jar"), topLevelArchives());
        }
    }

    @Test
    void upgradesInPlaceAndRestoresTheOldVersionWhenTheNewOneIsRefused() throws Exception {
        try (PluginHost host = PluginHost.forNode(dir, PLATFORM)) {
            List<String> events = new ArrayList<>();
            host.addListener(recording(events));
            host.loadAll();
            install(host, null, good("up", "up-rec").version("1.0.0").jarBytes(work));
            PluginUpgrade upgraded = PluginHost.await(host.upgrade("up", null,
                    good("up", "up-rec").version("1.1.0").jarBytes(work)));
            assertEquals("1.0.0", upgraded.previousVersion());
            assertEquals("1.1.0", upgraded.plugin().version());
            assertEquals(PluginState.STARTED, upgraded.plugin().state());
            assertEquals("up-1.1.0.jar", upgraded.plugin().file());
            assertEquals(List.of("up-1.1.0.jar"), topLevelArchives());
            assertTrue(host.strategy("up-rec").isPresent());
            assertEquals(List.of("added up [up-rec]", "removed up [up-rec]", "added up [up-rec]"), events);

            for (String notNewer : List.of("1.1.0", "1.0.0")) {
                PluginException e = assertThrows(PluginException.class, () -> PluginHost.await(host.upgrade("up", null,
                        good("up", "up-rec").version(notNewer).jarBytes(work))));
                assertEquals(PluginException.Kind.CONFLICT, e.kind());
                assertTrue(e.getMessage().contains("'up' 1.1.0 is installed; version " + notNewer + " is not newer"),
                        e.getMessage());
            }
            PluginException otherId = assertThrows(PluginException.class, () -> PluginHost.await(host.upgrade("up",
                    null, good("other", "other-rec").version("9.0.0").jarBytes(work))));
            assertEquals(PluginException.Kind.INVALID, otherId.kind());
            PluginException unknown = assertThrows(PluginException.class, () -> PluginHost.await(host.upgrade("nope",
                    null, good("nope", "nope-rec").jarBytes(work))));
            assertEquals(PluginException.Kind.NOT_FOUND, unknown.kind());

            byte[] broken = TestPluginBuilder.plugin("up").version("2.0.0").pluginClass("t.up2.Boom", """
                    package t.up2;
                    public class Boom extends org.pf4j.Plugin {
                        public void start() { throw new IllegalStateException("2.0.0 cannot start"); }
                    }
                    """).recommender("t.up2.Rec", "up-rec").jarBytes(work);
            PluginException refused = assertThrows(PluginException.class,
                    () -> PluginHost.await(host.upgrade("up", null, broken)));
            assertTrue(refused.getMessage().contains("2.0.0 cannot start")
                    && refused.getMessage().contains("version 1.1.0 was restored"), refused.getMessage());
            assertEquals("1.1.0", host.plugin("up").orElseThrow().version());
            assertEquals(PluginState.STARTED, host.plugin("up").orElseThrow().state());
            assertTrue(host.strategy("up-rec").isPresent());
            assertEquals(List.of("up-1.1.0.jar"), topLevelArchives());
            assertEquals(List.of("up-2.0.0.jar"), host.quarantined().stream().map(QuarantinedPlugin::file).toList());
        }
    }

    @Test
    void aSlowPluginStartBlocksNoReader() throws Exception {
        // The plugin's start() lasts until the test opens its gate (a JDK object: plugin class loaders see only those).
        CountDownLatch gate = new CountDownLatch(1);
        System.getProperties().put(SLOW_START_GATE, gate);
        try (PluginHost host = PluginHost.forNode(dir, PLATFORM)) {
            host.loadAll();
            install(host, null, good("fast", "fast-rec").jarBytes(work));
            byte[] slow = TestPluginBuilder.plugin("slow").pluginClass("t.slow.Slow", """
                    package t.slow;
                    public class Slow extends org.pf4j.Plugin {
                        public void start() {
                            Object gate = System.getProperties().get("%s");
                            try {
                                ((java.util.concurrent.CountDownLatch) gate).await(60, java.util.concurrent.TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }
                    """.formatted(SLOW_START_GATE)).recommender("t.slow.Rec", "slow-rec").jarBytes(work);
            CompletableFuture<PluginInfo> starting = host.install(null, slow);
            Eventually.await(Duration.ofSeconds(5), "the slow plugin is starting",
                    () -> host.plugin("slow").map(p -> p.state() == PluginState.STARTING).orElse(false));
            assertEquals(PluginState.STARTING, host.plugin("slow").orElseThrow().state());
            long t0 = System.nanoTime();
            for (int i = 0; i < 1_000; i++) {
                assertTrue(host.strategy("fast-rec").isPresent());
                assertEquals(2, host.plugins().size());
            }
            long micros = (System.nanoTime() - t0) / 1_000;
            assertFalse(starting.isDone(), "the slow start is still running");
            assertTrue(micros < 500_000, "1,000 reads during a plugin start took " + micros + " µs");
            gate.countDown();
            assertEquals(PluginState.STARTED, starting.get(10, TimeUnit.SECONDS).state());
            assertTrue(host.strategy("slow-rec").isPresent());
        } finally {
            gate.countDown();
            System.getProperties().remove(SLOW_START_GATE);
        }
    }

    private List<String> topLevelArchives() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar") || n.endsWith(".zip"))
                    .sorted().toList();
        }
    }

    private static TestPluginBuilder boom() {
        return TestPluginBuilder.plugin("boom").pluginClass("t.boom.BoomPlugin", """
                package t.boom;
                public class BoomPlugin extends org.pf4j.Plugin {
                    public void start() { throw new IllegalStateException("cannot reach license server"); }
                }
                """);
    }

    private static PluginListener recording(List<String> events) {
        return new PluginListener() {
            @Override
            public void strategiesRemoved(String pluginId, List<String> ids) {
                events.add("removed " + pluginId + " " + ids);
            }

            @Override
            public void strategiesAdded(String pluginId, List<String> ids) {
                events.add("added " + pluginId + " " + ids);
            }
        };
    }

    @Test
    void isolationRuleTakesSharedApisFromTheHost() {
        assertTrue(PluginIsolation.hostFirst("java.lang.String"));
        assertTrue(PluginIsolation.hostFirst("dev.merchantry.api.recommend.Recommender"));
        assertTrue(PluginIsolation.hostFirst("org.pf4j.Plugin"));
        assertTrue(PluginIsolation.hostFirst("org.slf4j.Logger"));
        assertFalse(PluginIsolation.hostFirst("org.apache.commons.math3.linear.RealMatrix"));
        assertFalse(PluginIsolation.hostFirst("dev.merchantry.platform.MerchantryNode"));
        assertFalse(PluginIsolation.hostFirst("dev.merchantry.apix.Thing"));
    }

    @Test
    void anUnloadedPluginsClassLoaderIsCollected() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            EventLoopWarmup.prestartEventLoops(vertx);
            good("leak", "leak-rec").buildJar(dir);
            WeakReference<ClassLoader> loader = useAndDelete(vertx);
            Eventually.await(Duration.ofSeconds(10), "the deleted plugin's class loader is garbage-collected", () -> {
                System.gc();
                return loader.get() == null;
            });
            assertNull(loader.get(), "the deleted plugin's class loader must be garbage-collected");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    /** Loads the plugin, calls it on a worker and on an event loop, deletes it; nothing of it escapes this frame. */
    private WeakReference<ClassLoader> useAndDelete(Vertx vertx) throws Exception {
        try (PluginHost host = new PluginHost(dir, PLATFORM)) {
            host.loadAll();
            LoadedStrategy s = host.strategy("leak-rec").orElseThrow();
            WeakReference<ClassLoader> loader = new WeakReference<>(s.classLoader());
            Recommender r = (Recommender) s.strategy();
            int viaWorker = vertx.executeBlocking(() -> {
                try (var ignored = ContextClassLoader.use(s.classLoader())) {
                    return r.fit(RecommenderData.of(Interactions.builder(false).build()),
                            r.descriptor().configSpec().defaults(), OfflineContext.create(), null)
                            .recommend(RecommendationQuery.forCustomer("c", 10)).size();
                }
            }).toCompletionStage().toCompletableFuture().get();
            assertEquals(3, viaWorker);
            String onLoop = vertx.getOrCreateContext().<String>executeBlocking(() -> r.descriptor().id())
                    .toCompletionStage().toCompletableFuture().get();
            assertEquals("leak-rec", onLoop);
            PluginHost.await(host.delete("leak"));
            return loader;
        }
    }

    private static byte[] zip(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue().getBytes());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
