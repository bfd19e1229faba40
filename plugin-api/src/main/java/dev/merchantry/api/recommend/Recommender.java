package dev.merchantry.api.recommend;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.Strategy;
import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.SerializedModel;

/**
 * A recommender strategy: the trainer half of a trainer/model pair.
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>The platform loads the plugin and reads {@link #descriptor()} once.</li>
 *   <li>On a training job (on demand or scheduled) it calls {@link #fit} on a worker thread with the shop's data and
 *       the validated configuration of the shop's binding. Concurrent calls for different shops are possible.</li>
 *   <li>It stores {@code model.serialize()} and serves the model; on restart or on another node it calls
 *       {@link #load} instead of training again.</li>
 *   <li>Queries ({@link RecommenderModel#recommend}) run concurrently on worker threads against the shared model.</li>
 * </ol>
 *
 * @since 0.1.0
 */
public interface Recommender extends Strategy {

    /**
     * Trains a model. Must be deterministic for a given configuration (including its seed) and input.
     *
     * @param data the shop's interactions, baskets and catalog; may be empty, in which case the model recommends
     *        nothing (the platform then falls back)
     * @param config validated against this strategy's ConfigSpec, defaults filled in
     * @param context shop, clock, logger, metrics
     * @param progress receives progress 0..1; check {@link ProgressListener#cancelled()} between steps
     * @since 0.1.0
     */
    RecommenderModel fit(RecommenderData data, Config config, StrategyContext context, ProgressListener progress);

    /**
     * Reads a model this strategy serialized, in any format version it ever wrote.
     *
     * @throws ModelFormatException when the bytes are not such a model
     * @since 0.1.0
     */
    RecommenderModel load(SerializedModel model);
}
