package dev.merchantry.platform;

import dev.merchantry.platform.demo.DemoScale;
import dev.merchantry.platform.http.HttpSettings;
import dev.merchantry.platform.jobs.JobOptions;
import dev.merchantry.platform.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link NodeOptions}: the defaults are {@code serve}'s, a builder names only what changes, secrets stay unprinted. */
class NodeOptionsTest {

    @Test
    void theDefaultsAreThoseOfServeWithoutFlags() {
        NodeOptions o = NodeOptions.builder().build();
        assertEquals("0.0.0.0", o.host());
        assertEquals(8080, o.port());
        assertEquals(Path.of("data"), o.dataDir());
        assertEquals(Path.of("plugins"), o.pluginsDir());
        assertNull(o.dbUrl());
        assertFalse(o.cluster());
        assertNull(o.clusterConfig());
        assertNull(o.hazelcastConfig());
        assertFalse(o.demo());
        assertNull(o.adminToken());
        assertEquals(HttpSettings.defaults(), o.httpSettings());
        assertEquals(JobOptions.DEFAULT_LEASE, o.jobs().lease());
        assertEquals(JobOptions.DEFAULT_MAX_QUEUED, o.jobs().maxQueued());
        assertEquals(Clock.systemUTC(), o.clock());
    }

    @Test
    void aBuilderSetsWhatItNamesAndToBuilderKeepsTheRest() {
        MutableClock clock = MutableClock.startingNow();
        JobOptions jobs = new JobOptions().setLease(Duration.ofSeconds(9)).setHeartbeat(Duration.ofSeconds(1));
        NodeOptions o = NodeOptions.builder().host("127.0.0.1").port(0).dataDir(Path.of("/tmp/d"))
                .database("jdbc:postgresql://db/m", "m", "secret-password").pluginsDir(Path.of("/tmp/p"))
                .cluster(Path.of("cluster.xml")).demo(new DemoScale(10, 5, 30)).adminToken("secret-token")
                .http(HttpSettings.defaults().withEventLoops(1)).jobs(jobs).clock(clock).build();
        assertEquals("jdbc:postgresql://db/m", o.dbUrl());
        assertEquals("m", o.dbUser());
        assertEquals("secret-password", o.dbPassword());
        assertTrue(o.cluster());
        assertEquals(Path.of("cluster.xml"), o.clusterConfig());
        assertTrue(o.demo());
        assertEquals(new DemoScale(10, 5, 30), o.demoScale());
        assertEquals(1, o.httpSettings().eventLoops());
        assertSame(jobs, o.jobs());
        assertSame(clock, o.clock());

        NodeOptions moved = o.toBuilder().port(9090).build();
        assertEquals(9090, moved.port());
        assertEquals(o.toString().replace("port=0", "port=9090"), moved.toString(), "everything else is kept");
        assertSame(clock, moved.clock());
        assertEquals("secret-token", moved.adminToken());
    }

    @Test
    void secretsAreNotPrintedAndNonsenseIsRefused() {
        String printed = NodeOptions.builder().database("jdbc:postgresql://db/m", "m", "secret-password")
                .adminToken("secret-token").build().toString();
        assertFalse(printed.contains("secret"), printed);
        assertThrows(IllegalArgumentException.class, () -> NodeOptions.builder().port(65536));
        assertThrows(IllegalArgumentException.class, () -> NodeOptions.builder().port(-1));
        assertThrows(NullPointerException.class, () -> NodeOptions.builder().clock(null));
        assertThrows(IllegalStateException.class, () -> NodeOptions.builder().dataDir(null).build(),
                "neither a data directory nor a database");
    }
}
