package dev.merchantry.platform.auth;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs logins on a small bounded pool of their own. A login's cost is its PBKDF2 password check (deliberately slow,
 * about 0.2 s of CPU): on the shared worker pool a login flood queued ingestion and every other blocking call behind
 * it. Here at most {@code threads} checks run at once, at most {@code queue} wait, and any further login is refused
 * at once with 429 and {@code Retry-After} ({@link Accounts.TooManyAttempts}), before it is counted or read from the
 * database. Idle threads end, so a node that sees no logins holds none.
 */
public final class LoginPool implements AutoCloseable {

    /** Logins that may wait for a thread. */
    public static final int DEFAULT_QUEUE = 8;
    /** What a refused caller is told to wait: a password check takes well under a second. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final Vertx vertx;
    private final ThreadPoolExecutor executor;

    /** A pool of {@link #defaultThreads()} threads and {@value #DEFAULT_QUEUE} queued logins. */
    public LoginPool(Vertx vertx) {
        this(vertx, defaultThreads(), DEFAULT_QUEUE);
    }

    public LoginPool(Vertx vertx, int threads, int queue) {
        this.vertx = vertx;
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "merchantry-login-" + pool + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue), factory, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
    }

    /** Half the cores, at least one and at most two: logins must leave CPU for everything else. */
    public static int defaultThreads() {
        return Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors() / 2));
    }

    /**
     * Runs {@code work} on the pool; the future completes on the caller's Vert.x context. Fails at once with 429
     * when the pool and its queue are full.
     */
    public <T> Future<T> submit(Callable<T> work) {
        return submit(work, () -> { });
    }

    /** As {@link #submit(Callable)}; {@code refused} runs (on the caller's thread) when the pool refuses the work. */
    public <T> Future<T> submit(Callable<T> work, Runnable refused) {
        Context context = vertx.getOrCreateContext();
        Promise<T> promise = Promise.promise();
        try {
            executor.execute(() -> {
                T result;
                try {
                    result = work.call();
                } catch (Throwable e) {
                    context.runOnContext(v -> promise.fail(e));
                    return;
                }
                context.runOnContext(v -> promise.complete(result));
            });
        } catch (RejectedExecutionException e) {
            refused.run();
            return Future.failedFuture(new Accounts.TooManyAttempts(RETRY_AFTER,
                    "too many logins in progress on this node; try again in " + RETRY_AFTER.toSeconds() + " s"));
        }
        return promise.future();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
