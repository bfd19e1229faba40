package dev.merchantry.plugins.profiling.core;

import dev.merchantry.api.StrategyContext;

/**
 * The parallel loops of one training call, on the call's platform-owned executor ({@link StrategyContext#executor()}),
 * so forked work keeps the call's class loader, timeout and cancellation; closed when the call ends, after which it
 * refuses work. Work is split into fixed index ranges and partial results are combined in range order, so results do
 * not depend on scheduling.
 */
public final class Parallel implements AutoCloseable {

    /** Work on indices [from, to). */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    /** A partial sum over indices [from, to). */
    @FunctionalInterface
    public interface RangeSum {
        double sum(int from, int to);
    }

    private final StrategyContext context;
    private final int threads;
    private volatile boolean closed;

    public Parallel(StrategyContext context) {
        this.context = context;
        this.threads = Math.max(1, Math.min(8, context.parallelism()));
    }

    /** The loops of a call with {@code context}: up to its parallelism, at most 8 threads. */
    public static Parallel on(StrategyContext context) {
        return new Parallel(context);
    }

    public int threads() {
        return threads;
    }

    public void forRange(int n, RangeTask task) {
        sum(n, (from, to) -> {
            task.run(from, to);
            return 0;
        });
    }

    /** Σ over [0, n) of {@code task}, added up in a fixed order of fixed ranges: deterministic. */
    public double sum(int n, RangeSum task) {
        if (closed) {
            throw new IllegalStateException("the training call these loops belonged to has ended");
        }
        int chunks = threads == 1 || n < 4096 ? 1 : threads * 4;
        return dev.merchantry.api.Parallel.sum(context, n, chunks, task::sum);
    }

    @Override
    public void close() {
        closed = true;
    }
}
