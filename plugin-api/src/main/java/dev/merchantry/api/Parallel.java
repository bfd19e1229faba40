package dev.merchantry.api;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Parallel loops over index ranges on a {@link StrategyContext}'s {@link StrategyContext#executor() executor}, the
 * replacement for parallel streams in strategy code.
 *
 * <p>The range {@code [0, n)} is cut into the number of chunks the caller gives (choose a constant, not the machine's
 * parallelism, when results must not depend on the machine): chunk {@code c} of {@code k} is
 * {@code [n*c/k, n*(c+1)/k)}, and {@link #sum} adds the partial results in chunk order, so results do not depend on
 * the scheduling. The calling thread works on chunks too and only waits for
 * chunks other threads already started, so a busy or single-threaded executor slows a loop down but never blocks it.
 * If the calling thread is interrupted (the call's timeout), the other threads are interrupted and the loop throws
 * {@link StrategyException}; an exception thrown by the body is rethrown on the calling thread.
 *
 * @since 0.1.0
 */
public final class Parallel {

    /**
     * Work on the indices {@code [from, to)}.
     *
     * @since 0.1.0
     */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    /**
     * A partial sum over the indices {@code [from, to)}.
     *
     * @since 0.1.0
     */
    @FunctionalInterface
    public interface RangeSum {
        double sum(int from, int to);
    }

    private Parallel() {
    }

    /**
     * Runs {@code task} over {@code [0, n)} cut into {@code chunks} ranges (at most {@code n}; 1 or less runs it
     * at once on the calling thread); the ranges must be independent of each other.
     *
     * @since 0.1.0
     */
    public static void forRange(StrategyContext context, int n, int chunks, RangeTask task) {
        sum(context, n, chunks, (from, to) -> {
            task.run(from, to);
            return 0;
        });
    }

    /**
     * Σ of {@code task} over {@code [0, n)} cut into {@code chunks} ranges, added up in chunk order.
     *
     * @since 0.1.0
     */
    public static double sum(StrategyContext context, int n, int chunkCount, RangeSum task) {
        if (n <= 0) {
            return 0;
        }
        int chunks = Math.max(1, Math.min(n, chunkCount));
        if (chunks == 1) {
            return task.sum(0, n);
        }
        double[] partial = new double[chunks];
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(chunks);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean cancelled = new AtomicBoolean();
        Set<Thread> helpers = ConcurrentHashMap.newKeySet();
        Runnable worker = () -> {
            Thread self = Thread.currentThread();
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
                try {
                    if (!cancelled.get() && failure.get() == null) {
                        partial[c] = task.sum((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            }
            helpers.remove(self);
        };
        Runnable helper = () -> {
            helpers.add(Thread.currentThread());
            if (cancelled.get()) {
                helpers.remove(Thread.currentThread());
                return;
            }
            worker.run();
            Thread.interrupted(); // an interrupt meant for this loop must not leak into the pool thread's next task
        };
        int extra = Math.min(context.parallelism(), chunks) - 1;
        for (int i = 0; i < extra; i++) {
            try {
                context.executor().execute(helper);
            } catch (RejectedExecutionException e) {
                break; // the calling thread does the rest
            }
        }
        worker.run();
        try {
            done.await();
        } catch (InterruptedException e) {
            cancelled.set(true);
            helpers.forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
            throw new StrategyException("interrupted: the call timed out or was cancelled");
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new StrategyException("parallel work failed", t);
        }
        double total = 0;
        for (double p : partial) {
            total += p;
        }
        return total;
    }
}
