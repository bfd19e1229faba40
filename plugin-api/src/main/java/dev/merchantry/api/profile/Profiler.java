package dev.merchantry.api.profile;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.Strategy;
import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.SerializedModel;

/**
 * A profiler strategy: the trainer half of a trainer/model pair.
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>The platform loads the plugin and reads {@link #descriptor()} once.</li>
 *   <li>A training job calls {@link #fit} on a worker thread with the shop's customers.</li>
 *   <li>The platform stores {@code model.serialize()}, materializes {@link ProfilerModel#profiles()} and serves
 *       queries; on restart or another node it calls {@link #load}.</li>
 * </ol>
 *
 * @since 0.1.0
 */
public interface Profiler extends Strategy {

    /**
     * Trains on every customer of a shop; deterministic for a given configuration (seed included) and input.
     *
     * @since 0.1.0
     */
    ProfilerModel fit(CustomerData data, Config config, StrategyContext context, ProgressListener progress);

    /**
     * Reads a model this strategy serialized, in any format version it ever wrote.
     *
     * @throws ModelFormatException when the bytes are not such a model
     * @since 0.1.0
     */
    ProfilerModel load(SerializedModel model);
}
