package dev.merchantry.platform.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one way tests wait for something asynchronous: poll a condition until it holds or a deadline passes, parking
 * between polls (5 ms at first, backing off to 50 ms). A condition that throws an {@link AssertionError} fails the
 * wait at once (e.g. "the job failed" while waiting for it to succeed); the timeout fails with the description and
 * the last value seen. Time in the system under test is moved with {@link MutableClock}, never by waiting.
 */
public final class Eventually {

    private static final long FIRST_PAUSE_NANOS = Duration.ofMillis(5).toNanos();
    private static final long MAX_PAUSE_NANOS = Duration.ofMillis(50).toNanos();

    private Eventually() {
    }

    /** Waits until {@code condition} holds; fails with {@code description} after {@code timeout}. */
    public static void await(Duration timeout, String description, BooleanSupplier condition) {
        await(timeout, description, condition::getAsBoolean, Boolean::booleanValue);
    }

    /**
     * Waits until {@code probe} returns a value that {@code done} accepts, and returns that value; fails with
     * {@code description} and the last value seen after {@code timeout}.
     */
    public static <T> T await(Duration timeout, String description, Supplier<T> probe, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        T last;
        while (true) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            LockSupport.parkNanos(Math.min(pause, left));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting until " + description);
            }
            pause = Math.min(MAX_PAUSE_NANOS, pause * 2);
        }
        throw new AssertionError("not within " + timeout.toMillis() + " ms: " + description
                + (last instanceof Boolean ? "" : "; last seen: " + last));
    }
}
