package dev.merchantry.platform.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Experiments, their units' first exposures, and the outcomes of those units read back from the events. */
public interface ExperimentRepository {

    void create(ExperimentRecord experiment);

    Optional<ExperimentRecord> find(String shop, String id);

    /** The shop's experiments, newest first. */
    List<ExperimentRecord> list(String shop);

    /** The shop's running experiments of a strategy kind. */
    List<ExperimentRecord> running(String shop, String kind);

    /** Every shop's running experiments of a strategy kind (the retraining schedule of their variants' models). */
    List<ExperimentRecord> runningOfKind(String kind);

    /**
     * Replaces the status, start, stop and shipped fields if the stored status is still {@code expectedStatus};
     * false (nothing changed) otherwise.
     */
    boolean transition(ExperimentRecord updated, String expectedStatus);

    /** Records a unit's first exposure; a unit already recorded keeps its first one. */
    void expose(String shop, String experimentId, String unitId, String variantId, Instant at);

    /** One exposed unit and, when it has one, one of its outcome events after its first exposure. */
    record UnitOutcome(String unitId, String variantId, Instant firstAt, Instant outcomeAt, double value) {
    }

    /** Receives {@link UnitOutcome}s, ordered by unit. */
    interface OutcomeConsumer {
        void accept(UnitOutcome outcome);
    }

    /**
     * Streams every exposed unit of the experiment with each event of {@code eventType} by that customer at or after
     * its first exposure and before {@code until} (a unit without one comes once, with a null {@code outcomeAt});
     * with {@code recommendedOnly}, only events carrying a {@code recommendation_id}. {@code value} is the event's
     * revenue (0 when it has none).
     */
    void outcomes(String shop, String experimentId, String eventType, boolean recommendedOnly, Instant until,
                  OutcomeConsumer consumer);

    /**
     * One exposed product (a unit of a pricing experiment) with its catalog cost (null when unknown) and, when it has
     * one, one {@code Order Completed} line of it ({@code units} = quantity, {@code revenue} = quantity × price).
     */
    record ProductSale(String unitId, String variantId, Instant firstAt, Double cost, Instant soldAt, double units,
                       double revenue) {
    }

    /** Receives {@link ProductSale}s, ordered by unit and time. */
    interface ProductSaleConsumer {
        void accept(ProductSale sale);
    }

    /**
     * Streams every exposed product of the experiment with each of its order lines at or after its first exposure and
     * before {@code until} (a product without one comes once, with a null {@code soldAt}).
     */
    void productSales(String shop, String experimentId, Instant until, ProductSaleConsumer consumer);
}
