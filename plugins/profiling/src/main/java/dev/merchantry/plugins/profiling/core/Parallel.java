package dev.merchantry.plugins.profiling.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A few worker threads for one training call, shut down when it ends (so no thread outlives the call or pins the
 * plugin's class loader). Work is split into fixed index ranges and partial results are combined in range order,
 * so results do not depend on scheduling.
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

    private final int threads;
    private final ExecutorService pool;

    public Parallel(int threads) {
        this.threads = Math.max(1, threads);
        this.pool = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads, r -> {
            Thread t = new Thread(r, "merchantry-profiling-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** Threads for this machine: the available processors, at most 8. */
    public static Parallel forMachine() {
        return new Parallel(Math.min(8, Runtime.getRuntime().availableProcessors()));
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
        int chunks = pool == null || n < 4096 ? 1 : threads * 4;
        if (chunks == 1) {
            return task.sum(0, n);
        }
        List<Future<Double>> parts = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            parts.add(pool.submit(() -> task.sum(from, to)));
        }
        double total = 0;
        try {
            for (Future<Double> part : parts) {
                total += part.get();
            }
        } catch (InterruptedException e) {
            parts.forEach(p -> p.cancel(true));
            Thread.currentThread().interrupt();
            throw new dev.merchantry.api.StrategyException("profiling was interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
        }
        return total;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
