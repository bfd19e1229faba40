package dev.merchantry.testkit;

import dev.merchantry.api.StrategyClient;
import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyMetrics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StrategyContext} for tests and offline evaluation: a fixed shop, a given clock, no metrics export,
 * unless one is given no other strategies to ask, and a small shared pool of daemon threads as
 * {@link #executor()} (so that a strategy's {@link dev.merchantry.api.Parallel} loops really run in parallel under
 * the contracts).
 *
 * @param shopId the shop id strategies see
 * @param clock the time source
 * @param logger where strategy logs go
 * @param metrics the metrics sink
 * @param strategies the client for other strategies
 */
public record OfflineContext(String shopId, Clock clock, Logger logger, StrategyMetrics metrics,
                             StrategyClient strategies) implements StrategyContext {

    /** Shop {@code offline}, a clock fixed at {@code now}, no other strategies. */
    public static OfflineContext at(Instant now) {
        return new OfflineContext("offline", Clock.fixed(now, ZoneOffset.UTC),
                LoggerFactory.getLogger("merchantry.offline"), StrategyMetrics.NOOP, StrategyClient.NONE);
    }

    /** Shop {@code offline} with the system clock. */
    public static OfflineContext create() {
        return new OfflineContext("offline", Clock.systemUTC(), LoggerFactory.getLogger("merchantry.offline"),
                StrategyMetrics.NOOP, StrategyClient.NONE);
    }

    private static final int THREADS = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
    private static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS, runnable -> {
        Thread t = new Thread(runnable, "merchantry-testkit-fork");
        t.setDaemon(true);
        return t;
    });

    @Override
    public Executor executor() {
        return task -> {
            ClassLoader caller = Thread.currentThread().getContextClassLoader();
            POOL.execute(() -> {
                Thread.interrupted();
                Thread self = Thread.currentThread();
                ClassLoader previous = self.getContextClassLoader();
                self.setContextClassLoader(caller);
                try {
                    task.run();
                } finally {
                    self.setContextClassLoader(previous);
                }
            });
        };
    }

    @Override
    public int parallelism() {
        return THREADS;
    }

    /** The same context with another client for other strategies. */
    public OfflineContext withStrategies(StrategyClient client) {
        return new OfflineContext(shopId, clock, logger, metrics, client);
    }
}
