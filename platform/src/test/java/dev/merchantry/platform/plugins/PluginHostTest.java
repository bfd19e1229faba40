package dev.merchantry.platform.plugins;

import dev.merchantry.api.recommend.RecommendationQuery;
import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.api.recommend.RecommenderData;
import dev.merchantry.api.recommend.Interactions;
import dev.merchantry.testkit.OfflineContext;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PluginHostTest {

    @TempDir
    Path dir;

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
            for (int i = 0; i < 100 && loader.get() != null; i++) {
                System.gc();
                Thread.sleep(100);
            }
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
