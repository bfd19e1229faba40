package dev.merchantry.testkit;

import dev.merchantry.api.Strategy;
import dev.merchantry.api.StrategyDescriptor;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.ConfigError;
import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.SerializedModel;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Checks shared by the contracts of every kind. */
final class StrategyContract {

    /** Threads that query one trained model at once in the concurrency checks. */
    static final int THREADS = 8;

    private StrategyContract() {
    }

    static void descriptorIsValid(Strategy strategy, StrategyKind kind) {
        StrategyDescriptor d = strategy.descriptor();
        assertNotNull(d, "descriptor() must not return null");
        assertEquals(kind, d.kind(), "descriptor kind must match the implemented interface");
        assertTrue(!d.doc().isBlank(), "descriptor needs a doc paragraph");
        assertNotNull(d.configSpec().defaults(), "config defaults must parse");
        List<ConfigError> errors = d.configSpec().validate(Map.of("no_such_key_xyz", 1));
        assertTrue(errors.stream().anyMatch(e -> e.key().equals("no_such_key_xyz")), "unknown keys must be reported");
    }

    /** Foreign strategy id, newer format and truncated bytes must all fail with ModelFormatException. */
    static void rejectsForeignAndCorruptModels(SerializedModel good, Function<SerializedModel, ?> load) {
        assertThrows(ModelFormatException.class,
                () -> load.apply(new SerializedModel(good.strategyId() + "-other", good.formatVersion(), good.bytes())),
                "a model of another strategy must be rejected");
        assertThrows(ModelFormatException.class,
                () -> load.apply(new SerializedModel(good.strategyId(), good.formatVersion() + 1000, good.bytes())),
                "a newer format version must be rejected");
        byte[] bytes = good.bytes();
        for (int cut : new int[] {0, 1, bytes.length / 2, bytes.length - 1}) {
            if (cut < 0 || cut >= bytes.length) {
                continue;
            }
            try {
                load.apply(new SerializedModel(good.strategyId(), good.formatVersion(), Arrays.copyOf(bytes, cut)));
                // A prefix may be a valid model only if it is empty-but-valid; anything else must throw.
            } catch (ModelFormatException expected) {
                // the documented failure
            } catch (RuntimeException e) {
                fail("truncated model bytes (" + cut + " of " + bytes.length + ") must fail with ModelFormatException, got " + e);
            }
        }
    }

    /** Runs {@code query} from {@link #THREADS} threads at once and checks every answer equals the sequential one. */
    static <T> void sameAnswersConcurrently(Callable<T> query) throws Exception {
        T expected = query.call();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<T>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < THREADS * 4; i++) {
                futures.add(pool.submit(query));
            }
            for (Future<T> f : futures) {
                assertEquals(expected, f.get(), "concurrent use of a trained model must give the sequential answer");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
