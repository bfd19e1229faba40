package dev.merchantry.plugins.recommenders.mf;

import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyException;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the B × B blocks of one stratified SGD epoch ({@link SgdBlocks}) on the calling thread and on helpers from the
 * training call's executor, each block as soon as the blocks before it on its user group and on its item group are
 * done, with no barrier between strata.
 *
 * <p>Block (s, g) — stratum s of the epoch's order, user group g — trains user group g against item group
 * h = (g + strata[s]) mod B. It changes only the parameters of group g's users and group h's items, so the model
 * depends only on each group seeing its blocks in stratum order: block (s, g) waits for (s − 1, g) and for the
 * block of stratum s − 1 on item group h, and for nothing else. The result is the same on any number of threads and
 * any scheduling (the Σ e² is added up in block order at the end).
 *
 * <p>Why not a barrier per stratum: on two cores shared with the JIT's compiler threads (which in a fresh JVM keep
 * one core half busy during a fit), a helper descheduled in the middle of a block left the calling thread waiting at
 * every stratum's end; measured in one-shot fits, two threads behind barriers were no faster than one. Here the
 * calling thread goes on with any block whose groups are free.
 */
final class BlockSchedule {

    /** Trains block (s, g) and returns its Σ e². */
    @FunctionalInterface
    interface Block {
        double train(int stratum, int userGroup);
    }

    private static final int B = SgdBlocks.B;
    private static final int FREE = 0;
    private static final int CLAIMED = 1;
    private static final int DONE = 2;

    private final int[] strata;
    private final Block block;
    // Plain AtomicIntegers, not an AtomicIntegerArray or a CountDownLatch: in a fresh JVM C2 compiles this schedule
    // during the first epochs, and the VarHandle and queue machinery behind those cost it several milliseconds more.
    private final AtomicInteger[] state = new AtomicInteger[B * B];
    private final double[] sse = new double[B * B];
    private final AtomicInteger remaining = new AtomicInteger(B * B);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean cancelled;

    private BlockSchedule(int[] strata, Block block) {
        this.strata = strata;
        this.block = block;
        for (int k = 0; k < state.length; k++) {
            state[k] = new AtomicInteger(FREE);
        }
    }

    /**
     * Runs every block of the epoch whose strata come in the order {@code strata} (a permutation of 0..B−1), with up
     * to {@code helpers} tasks on {@code context}'s executor besides the calling thread; returns Σ e², added up
     * stratum by stratum and within a stratum by user group.
     */
    static double run(StrategyContext context, int helpers, int[] strata, Block block) {
        BlockSchedule schedule = new BlockSchedule(strata, block);
        if (helpers <= 0) {
            for (int k = 0; k < B * B; k++) {
                schedule.sse[k] = block.train(k / B, k % B);
            }
            return schedule.total();
        }
        Helper[] started = new Helper[helpers];
        for (int t = 0; t < helpers; t++) {
            started[t] = new Helper(schedule);
            try {
                context.executor().execute(started[t]);
            } catch (RejectedExecutionException e) {
                started[t].state.set(Helper.CANCELLED);
                break;
            }
        }
        schedule.work();
        boolean interrupted = schedule.awaitBlocks();
        for (Helper h : started) {
            if (h != null) {
                h.awaitExit();
            }
        }
        Throwable t = schedule.failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new StrategyException("training a block failed", t);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw new StrategyException("interrupted: the call timed out or was cancelled");
        }
        return schedule.total();
    }

    private double total() {
        double total = 0;
        for (int s = 0; s < B; s++) {
            double stratum = 0;
            for (int g = 0; g < B; g++) {
                stratum += sse[s * B + g];
            }
            total += stratum;
        }
        return total;
    }

    /** Claims and trains ready blocks until none is left unclaimed (or the epoch is cancelled). */
    private void work() {
        int idle = 0;
        while (!cancelled) {
            int k = claim();
            if (k == -1) {
                return;
            }
            if (k == -2) {
                idle = idle(idle);
                continue;
            }
            idle = 0;
            try {
                if (Thread.currentThread().isInterrupted()) {
                    cancelled = true;
                    return;
                }
                sse[k] = block.train(k / B, k % B);
                state[k].set(DONE);
                remaining.decrementAndGet();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                cancelled = true;
                return;
            }
        }
    }

    /** A claimed ready block's index; −1 when every block is claimed; −2 when the unclaimed ones must wait. */
    private int claim() {
        boolean waiting = false;
        for (int s = 0; s < B; s++) {
            for (int g = 0; g < B; g++) {
                int k = s * B + g;
                if (state[k].get() != FREE) {
                    continue;
                }
                if (s > 0 && (state[k - B].get() != DONE
                        || state[(s - 1) * B + previousOnItemGroup(s, g)].get() != DONE)) {
                    waiting = true;
                    continue;
                }
                if (state[k].compareAndSet(FREE, CLAIMED)) {
                    return k;
                }
            }
        }
        return waiting ? -2 : -1;
    }

    /** The user group whose block in stratum s − 1 trained the item group that block (s, g) trains. */
    private int previousOnItemGroup(int s, int g) {
        int h = (g + strata[s]) % B;
        return ((h - strata[s - 1]) % B + B) % B;
    }

    /** Waits for another thread's block: spins briefly, then yields the core (which may be the one it needs). */
    private static int idle(int idle) {
        if (idle < 64) {
            Thread.onSpinWait();
        } else if (idle < 1024) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(20_000);
        }
        return idle + 1;
    }

    /** Waits until every block is done or the epoch failed; returns whether the calling thread was interrupted. */
    private boolean awaitBlocks() {
        boolean interrupted = Thread.interrupted();
        int idle = 0;
        while (remaining.get() > 0 && !cancelled) {
            if (Thread.interrupted()) {
                interrupted = true;
                cancelled = true;
                break;
            }
            idle = idle(idle);
        }
        if (interrupted) {
            cancelled = true;
        }
        return interrupted;
    }

    /** A helper task: works on the schedule unless the calling thread finished before it started. */
    private static final class Helper implements Runnable {
        static final int NEW = 0;
        static final int RUNNING = 1;
        static final int CANCELLED = 2;

        final BlockSchedule schedule;
        final AtomicInteger state = new AtomicInteger(NEW);
        final CountDownLatch exited = new CountDownLatch(1);

        Helper(BlockSchedule schedule) {
            this.schedule = schedule;
        }

        @Override
        public void run() {
            if (!state.compareAndSet(NEW, RUNNING)) {
                return;
            }
            try {
                schedule.work();
            } finally {
                exited.countDown();
            }
        }

        /** Returns once this helper cannot touch the schedule any more: it never started, or it left. */
        void awaitExit() {
            if (state.compareAndSet(NEW, CANCELLED) || state.get() == CANCELLED) {
                return;
            }
            boolean interrupted = false;
            while (true) {
                try {
                    exited.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
