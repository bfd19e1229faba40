package dev.merchantry.platform.webhooks;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RetryDelayTest {

    private static final WebhookOptions DEFAULTS = new WebhookOptions();

    @Test
    void doublesFromTheFirstDelayUpToTheCapWithoutJitterAtTheTop() {
        // random → 1 is the top of the jitter range [0.5, 1): the plain exponential schedule.
        assertEquals(Duration.ofSeconds(30), WebhookDispatcher.retryDelay(1, DEFAULTS, 1.0));
        assertEquals(Duration.ofSeconds(60), WebhookDispatcher.retryDelay(2, DEFAULTS, 1.0));
        assertEquals(Duration.ofSeconds(240), WebhookDispatcher.retryDelay(4, DEFAULTS, 1.0));
        assertEquals(Duration.ofHours(1), WebhookDispatcher.retryDelay(8, DEFAULTS, 1.0));
        assertEquals(Duration.ofHours(1), WebhookDispatcher.retryDelay(500, DEFAULTS, 1.0));
    }

    @Test
    void jitterScalesTheDelayBetweenHalfAndAll() {
        assertEquals(Duration.ofSeconds(15), WebhookDispatcher.retryDelay(1, DEFAULTS, 0.0));
        assertEquals(Duration.ofMillis(22_500), WebhookDispatcher.retryDelay(1, DEFAULTS, 0.5));
        assertEquals(Duration.ofMinutes(30), WebhookDispatcher.retryDelay(30, DEFAULTS, 0.0));
    }

    @Test
    void theDefaultScheduleRetriesForADayBeforeGivingUp() {
        // Upper bound of the attempts in the 24-hour window: every wait at its shortest (random 0).
        long elapsed = 0;
        int attempts = 1;
        while (true) {
            long wait = WebhookDispatcher.retryDelay(attempts, DEFAULTS, 0.0).toMillis();
            if (elapsed + wait > DEFAULTS.retryWindow().toMillis()) {
                break;
            }
            elapsed += wait;
            attempts++;
        }
        // By hand: waits of 15 s, 30 s, … 32 min (8 waits, 15 × (2^8 − 1) = 3,825 s), then 30 min each:
        // floor((86,400 − 3,825) / 1,800) = 45 more, so 1 + 8 + 45 = 54 attempts. (With the longest waits:
        // 30 s … 32 min = 3,810 s in 7 waits, then floor(82,590 / 3,600) = 22 hourly ones: 30 attempts.)
        assertEquals(54, attempts);
    }
}
