package dev.merchantry.plugins.recommenders.mf;

import dev.merchantry.api.StrategyClient;
import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyMetrics;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ForkedTest {

    /** A two-thread context whose executor only queues tasks, so a test decides whether and when a "pool thread" runs them. */
    private static final class HeldContext implements StrategyContext {
        final List<Runnable> queued = new ArrayList<>();

        @Override
        public String shopId() {
            return "test";
        }

        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }

        @Override
        public Logger logger() {
            return LoggerFactory.getLogger(ForkedTest.class);
        }

        @Override
        public StrategyMetrics metrics() {
            return StrategyMetrics.NOOP;
        }

        @Override
        public StrategyClient strategies() {
            return StrategyClient.NONE;
        }

        @Override
        public Executor executor() {
            return queued::add;
        }

        @Override
        public int parallelism() {
            return 2;
        }
    }

    @Test
    void aTaskNoPoolThreadTookRunsOnTheJoiningThreadOnce() {
        HeldContext context = new HeldContext();
        AtomicInteger runs = new AtomicInteger();
        Forked forked = Forked.start(context, runs::incrementAndGet);
        forked.join();
        assertEquals(1, runs.get());
        context.queued.forEach(Runnable::run); // the pool thread comes late: it must not run the task again
        assertEquals(1, runs.get());
    }

    @Test
    void aTaskAPoolThreadRanIsJoinedAndItsFailureRethrown() {
        HeldContext context = new HeldContext();
        IllegalStateException failure = new IllegalStateException("draw failed");
        Forked forked = Forked.start(context, () -> {
            throw failure;
        });
        context.queued.forEach(Runnable::run);
        assertSame(failure, assertThrows(IllegalStateException.class, forked::join));
    }

    @Test
    void anAbandonedTaskThatHadNotStartedNeverRuns() {
        HeldContext context = new HeldContext();
        AtomicInteger runs = new AtomicInteger();
        Forked forked = Forked.start(context, runs::incrementAndGet);
        forked.abandon();
        context.queued.forEach(Runnable::run);
        assertEquals(0, runs.get());
    }
}
