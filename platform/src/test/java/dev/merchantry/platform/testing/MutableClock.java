package dev.merchantry.platform.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until the test moves it: time-dependent behaviour (periods, expiries, "newer than") is
 * tested by {@link #advance advancing} it instead of sleeping. Thread-safe; every zone view shares the same time.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** A UTC clock standing at {@code start}. */
    public static MutableClock at(Instant start) {
        return new MutableClock(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    /** A UTC clock standing at the current time, to the millisecond (what the stores keep). */
    public static MutableClock startingNow() {
        return at(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    /** Moves the time forward by {@code step} (not backwards: nothing in production sees time go back). */
    public Instant advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("a clock only moves forward, got " + step);
        }
        return now.updateAndGet(t -> t.plus(step));
    }

    /** Sets the time; it may not go back. */
    public void set(Instant instant) {
        now.updateAndGet(t -> {
            if (instant.isBefore(t)) {
                throw new IllegalArgumentException("a clock only moves forward: " + instant + " is before " + t);
            }
            return instant;
        });
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return new MutableClock(now, other);
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + "]";
    }
}
