package dev.merchantry.platform.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The login pool runs at most threads + queue logins and refuses the next one at once with 429. */
class LoginPoolTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void aFullPoolRefusesAtOnceWithRetryAfterAndRecovers() throws Exception {
        LoginPool pool = new LoginPool(vertx, 1, 1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        Future<String> first = pool.submit(() -> {
            running.countDown();
            release.await();
            return "first";
        });
        assertTrue(running.await(5, TimeUnit.SECONDS));
        Future<String> queued = pool.submit(() -> "queued");

        Future<String> refused = pool.submit(() -> "never");
        assertTrue(refused.failed(), "refused without waiting");
        Accounts.TooManyAttempts tooMany = assertInstanceOf(Accounts.TooManyAttempts.class, refused.cause());
        assertEquals(429, tooMany.kind().code());
        assertEquals(Duration.ofSeconds(1), tooMany.retryAfter().orElseThrow());

        release.countDown();
        assertEquals("first", first.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals("queued", queued.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals("again", pool.submit(() -> "again").toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS), "a drained pool takes logins again");
        pool.close();
    }

    @Test
    void failuresReachTheCaller() throws Exception {
        LoginPool pool = new LoginPool(vertx, 1, 1);
        Future<String> failed = pool.submit(() -> {
            throw new IllegalStateException("wrong");
        });
        try {
            failed.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            assertEquals("wrong", e.getCause().getMessage());
        }
        assertTrue(failed.failed());
        pool.close();
    }
}
