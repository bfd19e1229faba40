package dev.merchantry.platform.experiments;

import dev.merchantry.api.StrategyKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

/** What serving asks before choosing a strategy: is this unit in a running experiment, and in which variant? */
public interface ExperimentAssignments {

    /**
     * A unit's variant: serve {@code strategyId} with {@code config} — for a recommender, from the model line
     * {@code configKey} trained with that config — and tag the answer with the experiment and variant ids.
     */
    record Assignment(String experimentId, String variantId, String strategyId, JsonObject config, String configKey) {
    }

    /** No experiments (tests of serving alone). */
    ExperimentAssignments NONE = new ExperimentAssignments() {
        @Override
        public Future<Optional<Assignment>> assign(String shop, StrategyKind kind, String unitId) {
            return Future.succeededFuture(Optional.empty());
        }

        @Override
        public Future<Boolean> assigning(String shop, StrategyKind kind) {
            return Future.succeededFuture(false);
        }
    };

    /**
     * The variant of {@code unitId} in the shop's running experiment of {@code kind}, if any; its first exposure is
     * recorded before the future completes.
     */
    Future<Optional<Assignment>> assign(String shop, StrategyKind kind, String unitId);

    /** Whether the shop has a running experiment of {@code kind} that assigns units now (its models are ready). */
    Future<Boolean> assigning(String shop, StrategyKind kind);
}
