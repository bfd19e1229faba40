package dev.merchantry.platform.testing;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** The outcome of a Vert.x future, for unit tests of services that answer with futures. */
public final class Futures {

    /** Longer than any service call of a unit test may take; a hang fails the test instead of blocking it. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Futures() {
    }

    /** The future's result; fails the test with the cause if the future failed. */
    public static <T> T result(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the future failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (TimeoutException e) {
            throw new AssertionError("no outcome within " + TIMEOUT, e);
        }
    }

    /**
     * Why the call failed: what it threw at once (services validate requests before they go asynchronous) or what
     * its future failed with. Fails the test if it succeeded.
     */
    public static Throwable failure(Supplier<? extends Future<?>> call) {
        Future<?> future;
        try {
            future = call.get();
        } catch (RuntimeException thrown) {
            return thrown;
        }
        try {
            Object value = future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (TimeoutException e) {
            throw new AssertionError("no outcome within " + TIMEOUT, e);
        }
    }
}
