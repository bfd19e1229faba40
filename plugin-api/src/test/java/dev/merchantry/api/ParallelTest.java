package dev.merchantry.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelTest {

    private static final ExecutorService POOL = Executors.newFixedThreadPool(4);

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    private static StrategyContext context(Executor executor, int parallelism) {
        return new StrategyContext() {
            public String shopId() {
                return "s";
            }

            public Clock clock() {
                return Clock.systemUTC();
            }

            public Logger logger() {
                return LoggerFactory.getLogger("test");
            }

            public StrategyMetrics metrics() {
                return StrategyMetrics.NOOP;
            }

            public StrategyClient strategies() {
                return StrategyClient.NONE;
            }

            @Override
            public Executor executor() {
                return executor;
            }

            @Override
            public int parallelism() {
                return parallelism;
            }
        };
    }

    /** Σ 1/(i+1) over [from, to): a sum whose rounding depends on the order of additions. */
    private static double harmonic(int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += 1.0 / (i + 1);
        }
        return s;
    }

    @Test
    void sumsAreBitIdenticalWhateverTheParallelism() {
        double alone = Parallel.sum(context(Runnable::run, 1), 1_000_003, 64, ParallelTest::harmonic);
        for (int run = 0; run < 5; run++) {
            assertEquals(alone, Parallel.sum(context(POOL, 4), 1_000_003, 64, ParallelTest::harmonic), 0);
        }
        assertEquals(harmonic(0, 1999), Parallel.sum(context(POOL, 4), 1999, 1, ParallelTest::harmonic), 0,
                "one chunk is the plain loop");
    }

    @Test
    void everyIndexIsVisitedOnceAndTheWorkIsShared() {
        AtomicInteger visits = new AtomicInteger();
        java.util.Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        CountDownLatch twoThreadsIn = new CountDownLatch(2);
        Parallel.forRange(context(POOL, 4), 100_000, 64, (from, to) -> {
            visits.addAndGet(to - from);
            if (threads.add(Thread.currentThread())) {
                // Each thread's first chunk waits (bounded) for a second thread to be inside a chunk too.
                twoThreadsIn.countDown();
                try {
                    twoThreadsIn.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        assertEquals(100_000, visits.get());
        assertTrue(threads.size() > 1, "helpers took chunks: " + threads);
    }

    @Test
    void anExecutorThatNeverRunsAnythingOnlySlowsTheLoop() {
        assertEquals(harmonic(0, 10_000), Parallel.sum(context(task -> { }, 4), 10_000, 64, ParallelTest::harmonic), 1e-9);
    }

    @Test
    void aFailingChunkFailsTheLoopOnTheCallingThread() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forRange(context(POOL, 4),
                10_000, 64, (from, to) -> {
                    if (from <= 5000 && 5000 < to) {
                        throw new IllegalStateException("chunk " + from);
                    }
                }));
        assertTrue(e.getMessage().startsWith("chunk "));
    }

    @Test
    void interruptingTheCallerInterruptsTheHelpersAndEndsTheLoop() throws Exception {
        CountDownLatch helperBlocked = new CountDownLatch(1);
        AtomicInteger helpersInterrupted = new AtomicInteger();
        AtomicReference<Throwable> callerOutcome = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                Parallel.forRange(context(POOL, 2), 2, 2, (from, to) -> {
                    if (Thread.currentThread().getName().startsWith("pool")) {
                        helperBlocked.countDown();
                        try {
                            new CountDownLatch(1).await(60, TimeUnit.SECONDS); // blocks until interrupted
                        } catch (InterruptedException e) {
                            helpersInterrupted.incrementAndGet();
                        }
                    } else {
                        // The caller's chunk waits until the helper holds the other one.
                        try {
                            helperBlocked.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
            } catch (Throwable t) {
                callerOutcome.set(t);
            }
        });
        caller.start();
        assertTrue(helperBlocked.await(10, TimeUnit.SECONDS), "a pool thread took a chunk");
        caller.interrupt();
        caller.join(10_000);
        assertTrue(callerOutcome.get() instanceof StrategyException, String.valueOf(callerOutcome.get()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (helpersInterrupted.get() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(1, helpersInterrupted.get(), "the helper's sleep was interrupted");
    }
}
