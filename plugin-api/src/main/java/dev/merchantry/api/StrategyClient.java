package dev.merchantry.api;

import dev.merchantry.api.forecast.Forecast;
import dev.merchantry.api.profile.CustomerProfile;
import dev.merchantry.api.recommend.ScoredItem;
import java.util.List;
import java.util.Optional;

/**
 * Lets one strategy ask the strategies bound to the same shop for their results; the platform answers over the
 * (possibly clustered) event bus, so the answer may come from another node.
 *
 * <p>Calls block the calling worker thread until the answer arrives or the platform's timeout expires. They throw
 * {@link StrategyException} when no strategy of that kind is bound or the call fails; an {@link Optional#empty()}
 * means the strategy answered that it has nothing for this input.
 *
 * @since 0.1.0
 */
public interface StrategyClient {

    /** A client for contexts where no other strategy is reachable (offline evaluation, unit tests). */
    StrategyClient NONE = new StrategyClient() {
        @Override
        public List<ScoredItem> recommend(String customerId, List<String> contextItems, int limit) {
            throw new StrategyException("no recommender is reachable in this context");
        }

        @Override
        public Optional<Forecast> forecast(String productId, int horizon) {
            throw new StrategyException("no forecaster is reachable in this context");
        }

        @Override
        public Optional<CustomerProfile> profile(String customerId) {
            throw new StrategyException("no profiler is reachable in this context");
        }
    };

    /**
     * Top items for a customer (may be {@code null}) and/or context items (product page, cart), from the shop's
     * recommender with its fallback chain, already filtered for hidden and out-of-stock products.
     *
     * @since 0.1.0
     */
    List<ScoredItem> recommend(String customerId, List<String> contextItems, int limit);

    /**
     * Demand forecast for a product over {@code horizon} periods of the shop's demand frequency.
     *
     * @since 0.1.0
     */
    Optional<Forecast> forecast(String productId, int horizon);

    /**
     * The shop's current profile of a customer.
     *
     * @since 0.1.0
     */
    Optional<CustomerProfile> profile(String customerId);
}
