package dev.merchantry.platform.auth;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sliding window, checked with explicit times (hand-computed waits). */
class LoginThrottleTest {

    @Test
    void fiveFailuresPerAccountAndAddressBlockUntilTheOldestLeavesTheWindow() {
        LoginThrottle t = new LoginThrottle(5, 30, Duration.ofSeconds(60));
        long t0 = 1_000_000;
        for (int i = 0; i < 5; i++) {
            assertTrue(t.check("a@x", "1.2.3.4", t0 + i * 1000).isEmpty(), "attempt " + (i + 1) + " may go ahead");
            t.failed("a@x", "1.2.3.4", t0 + i * 1000);
        }
        // Failures at t0..t0+4s; at t0+10s the first leaves the window at t0+60s: wait 50 s.
        assertEquals(Optional.of(Duration.ofSeconds(50)), t.check("a@x", "1.2.3.4", t0 + 10_000));
        assertTrue(t.check("a@x", "5.6.7.8", t0 + 10_000).isEmpty(), "another address is not blocked");
        assertTrue(t.check("b@x", "1.2.3.4", t0 + 10_000).isEmpty(), "another account from the address is not");
        assertTrue(t.check("a@x", "1.2.3.4", t0 + 60_000).isEmpty(), "the window slid past the first failure");
    }

    @Test
    void anAddressSprayingManyAccountsIsBlockedToo() {
        LoginThrottle t = new LoginThrottle(5, 30, Duration.ofSeconds(60));
        for (int i = 0; i < 30; i++) {
            t.failed("user" + i + "@x", "9.9.9.9", 1000);
        }
        assertTrue(t.check("fresh@x", "9.9.9.9", 2000).isPresent());
    }

    @Test
    void successForgetsTheAccountsFailures() {
        LoginThrottle t = new LoginThrottle(5, 30, Duration.ofSeconds(60));
        for (int i = 0; i < 4; i++) {
            t.failed("a@x", "1.1.1.1", 1000);
        }
        t.succeeded("a@x", "1.1.1.1");
        t.failed("a@x", "1.1.1.1", 1000);
        assertTrue(t.check("a@x", "1.1.1.1", 1000).isEmpty());
    }
}
