package dev.merchantry.platform.plugins;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run work a strategy forks ({@code StrategyContext.executor()}), shared by every plugin of the
 * JVM: one per processor, daemon, created when this class initializes (from host code, so no plugin class is on a
 * creating thread's stack to pin its class loader) and never replaced. Each task runs with the context class loader of
 * the thread that submitted it (the calling plugin's) and a cleared interrupt flag, and gets the host loader back
 * afterwards.
 */
public final class PluginForkPool {

    private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final ThreadPoolExecutor POOL;

    static {
        AtomicInteger counter = new AtomicInteger();
        ClassLoader hostLoader = PluginForkPool.class.getClassLoader();
        POOL = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread t = new Thread(runnable, "merchantry-fork-" + counter.incrementAndGet());
                    t.setDaemon(true);
                    t.setContextClassLoader(hostLoader);
                    return t;
                });
        POOL.prestartAllCoreThreads();
    }

    private static final Executor EXECUTOR = task -> {
        ClassLoader caller = Thread.currentThread().getContextClassLoader();
        POOL.execute(() -> {
            Thread.interrupted(); // an interrupt aimed at an earlier task must not reach this one
            try (ContextClassLoader ignored = ContextClassLoader.use(caller)) {
                task.run();
            }
        });
    };

    private PluginForkPool() {
    }

    /** The executor strategies get; call it early (node start) so the threads exist before plugins load. */
    public static Executor executor() {
        return EXECUTOR;
    }

    /** How many forked tasks can run at once, the calling thread included. */
    public static int parallelism() {
        return THREADS;
    }
}
