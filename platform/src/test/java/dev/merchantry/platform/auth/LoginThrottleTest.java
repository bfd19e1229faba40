package dev.merchantry.platform.auth;

import dev.merchantry.platform.storage.Database;
import dev.merchantry.platform.storage.DatabaseOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fixed windows counted in the database, checked with explicit times (hand-computed waits). */
class LoginThrottleTest {

    /** A window start: 1,000 whole minutes after the epoch. */
    private static final long T0 = 60_000_000;

    @TempDir
    Path dir;

    private Database db;
    private LoginThrottle throttle;

    @BeforeEach
    void open() {
        db = Database.open(DatabaseOptions.embedded(dir));
        throttle = new LoginThrottle(db.loginAttempts(), 5, 30, Duration.ofSeconds(60));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void fivePerAccountFromAnyAddressThenWaitUntilTheWindowEnds() {
        for (int i = 0; i < 5; i++) {
            assertTrue(throttle.acquire("a@x", "1.2.3." + i, T0 + i * 1000).allowed(), "attempt " + (i + 1));
        }
        // The window is [T0, T0 + 60 s); at T0 + 10 s the sixth attempt waits the remaining 50 s.
        LoginThrottle.Result sixth = throttle.acquire("a@x", "9.9.9.9", T0 + 10_000);
        assertFalse(sixth.allowed(), "the limit is per account, whatever the address");
        assertEquals(Duration.ofSeconds(50), sixth.retryAfter());
        assertTrue(throttle.acquire("b@x", "1.2.3.0", T0 + 10_000).allowed(), "another account is not blocked");
        // The previous window still counts, so an attack cannot get a fresh five at each window boundary.
        assertFalse(throttle.acquire("a@x", "1.2.3.0", T0 + 60_000).allowed(), "the previous window still counts");
        assertTrue(throttle.acquire("a@x", "1.2.3.0", T0 + 120_000).allowed(), "once it has passed, attempts may go");
    }

    @Test
    void anAddressSprayingManyAccountsIsBlockedToo() {
        for (int i = 0; i < 30; i++) {
            assertTrue(throttle.acquire("user" + i + "@x", "9.9.9.9", T0 + 1000).allowed());
        }
        LoginThrottle.Result next = throttle.acquire("fresh@x", "9.9.9.9", T0 + 2000);
        assertFalse(next.allowed());
        assertEquals(Duration.ofSeconds(58), next.retryAfter());
        assertTrue(throttle.acquire("fresh@x", "8.8.8.8", T0 + 2000).allowed());
    }

    @Test
    void aSuccessfulAttemptIsTakenBack() {
        for (int i = 0; i < 4; i++) {
            assertTrue(throttle.acquire("a@x", "1.1.1.1", T0).allowed());
        }
        throttle.succeeded(throttle.acquire("a@x", "1.1.1.1", T0).attempt());
        assertTrue(throttle.acquire("a@x", "1.1.1.1", T0).allowed(), "4 failures and 1 success: a fifth failure may go");
        assertFalse(throttle.acquire("a@x", "1.1.1.1", T0).allowed());
    }

    @Test
    void fortyParallelAttemptsOnOneAccountLetExactlyFiveThrough() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(40);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String address = "10.0.0." + i;
                results.add(pool.submit(() -> {
                    go.await();
                    return throttle.acquire("a@x", address, T0 + 5000).allowed();
                }));
            }
            go.countDown();
            int allowed = 0;
            for (Future<Boolean> f : results) {
                allowed += f.get() ? 1 : 0;
            }
            assertEquals(5, allowed);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void purgeDropsPastWindowsOnly() {
        throttle.acquire("a@x", "1.1.1.1", T0);
        throttle.acquire("a@x", "1.1.1.1", T0 + 60_000);
        // At T0 + 90 s the first window is the previous one: it still counts.
        assertEquals(0, throttle.purge(T0 + 90_000), "the previous window is kept");
        assertEquals(2, throttle.purge(T0 + 120_000), "both rows (account and address) of the first window");
        assertEquals(0, throttle.purge(T0 + 120_000));
        assertEquals(2, throttle.purge(T0 + 180_000), "the second window once it no longer counts");
    }
}
