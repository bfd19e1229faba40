package dev.merchantry.platform.strategies;

import dev.merchantry.platform.plugins.ContextClassLoader;
import dev.merchantry.platform.service.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs plugin code off the event loop: on a dedicated, pre-started thread pool, with the plugin's class loader as
 * the thread context class loader, and a timeout after which the caller gets a 504 and the worker is interrupted.
 * A plugin that hangs therefore costs one pool thread, never an event loop; a full queue answers 503 at once.
 */
public final class StrategyInvoker implements AutoCloseable {

    private final Vertx vertx;
    private final ThreadPoolExecutor pool;
    private final String name;

    public StrategyInvoker(Vertx vertx, String name, int threads, int queueCapacity) {
        this.vertx = vertx;
        this.name = name;
        AtomicInteger counter = new AtomicInteger();
        ClassLoader hostLoader = StrategyInvoker.class.getClassLoader();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(queueCapacity), runnable -> {
                    Thread t = new Thread(runnable, "merchantry-" + name + "-" + counter.incrementAndGet());
                    t.setDaemon(true);
                    // Never inherit a plugin loader from whoever triggered thread creation (class-loader leak).
                    t.setContextClassLoader(hostLoader);
                    return t;
                });
        // Threads are created now, from host code, so no plugin class is ever on a creating thread's stack.
        pool.prestartAllCoreThreads();
    }

    /**
     * Runs {@code work} with {@code loader} as context class loader; the future completes on the caller's
     * Vert.x context.
     */
    public <T> Future<T> call(ClassLoader loader, Duration timeout, String what, Callable<T> work) {
        ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
        PromiseInternal<T> promise = context.promise();
        java.util.concurrent.Future<?> task;
        try {
            task = pool.submit(() -> {
                try (ContextClassLoader ignored = ContextClassLoader.use(loader)) {
                    promise.tryComplete(work.call());
                } catch (Throwable t) {
                    promise.tryFail(t);
                }
            });
        } catch (RejectedExecutionException e) {
            return Future.failedFuture(ServiceException.unavailable("the " + name + " pool is saturated; retry shortly"));
        }
        long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> {
            if (promise.tryFail(ServiceException.timeout(what + " did not finish within " + timeout.toMillis() + " ms"))) {
                task.cancel(true);
            }
        });
        return promise.future().andThen(ar -> vertx.cancelTimer(timer));
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
