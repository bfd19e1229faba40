package dev.merchantry.plugins.recommenders.mf;

import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyException;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A task run on the training call's executor while the calling thread does other work; {@link #join} waits for it,
 * or runs it on the calling thread if no pool thread has taken it yet (so a busy or single-threaded executor slows the
 * fit down but never blocks it, as {@link dev.merchantry.api.Parallel} does).
 *
 * <p>Written without lambdas, as is the rest of svd's fit path: in a fresh JVM every new lambda or string
 * concatenation is linked by generating classes with the JDK's bytecode library, and that generation is what pushed
 * the library's largest method over C2's threshold in the middle of a fit: a 150–300 ms compile that held up the
 * compile of the SGD kernel, which meanwhile ran four times slower in C1's profiling code.
 */
final class Forked implements Runnable {

    private static final int NEW = 0;
    private static final int CLAIMED = 1;

    private final Runnable task;
    private final AtomicInteger state = new AtomicInteger(NEW);
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Throwable failure;

    private Forked(Runnable task) {
        this.task = task;
    }

    /** Submits {@code task} to {@code context}'s executor when it has more than one thread; {@link #join} runs it otherwise. */
    static Forked start(StrategyContext context, Runnable task) {
        Forked forked = new Forked(task);
        if (context != null && context.parallelism() > 1) {
            try {
                context.executor().execute(forked);
            } catch (RejectedExecutionException e) {
                // join() runs it on the calling thread
            }
        }
        return forked;
    }

    @Override
    public void run() {
        if (!state.compareAndSet(NEW, CLAIMED)) {
            return;
        }
        try {
            task.run();
        } catch (Throwable t) {
            failure = t;
        } finally {
            done.countDown();
        }
    }

    /**
     * For when the calling thread failed: returns once the task cannot run any more (it never started, and now will
     * not, or it finished), whatever it did.
     */
    void abandon() {
        if (state.compareAndSet(NEW, CLAIMED)) {
            return;
        }
        awaitDone();
    }

    /**
     * Returns once the task ran, on a pool thread or here, and rethrows what it threw. Waits for a running task even
     * when interrupted (it is short, and must not outlive the call), then throws for the interrupt.
     */
    void join() {
        if (state.compareAndSet(NEW, CLAIMED)) {
            task.run();
            return;
        }
        boolean interrupted = awaitDone();
        Throwable t = failure;
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new StrategyException("forked work failed", t);
        }
        if (interrupted) {
            throw new StrategyException("interrupted: the call timed out or was cancelled");
        }
    }

    /**
     * Waits until the task finished, even through interrupts (it is short); keeps the interrupt status and returns
     * whether the thread was interrupted meanwhile.
     */
    private boolean awaitDone() {
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return interrupted;
    }
}
