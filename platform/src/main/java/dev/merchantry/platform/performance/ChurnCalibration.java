package dev.merchantry.platform.performance;

import dev.merchantry.platform.performance.RecommendationAttribution.Key;
import dev.merchantry.platform.storage.ChurnPrediction;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares the churn risk the profiles stated with who came back: per strategy, RFM group and day of the prediction,
 * the number of customers, their summed risk and how many placed an order within {@link #HORIZON_DAYS} days after
 * it. A well calibrated profiler's mean risk of a group is close to the share of it that did not come back. Pure: the
 * caller loads the predictions and, per prediction moment, who ordered after it.
 *
 * <p>Churn risk is the model's 1 − P(alive) (docs/algorithms/profiling.md); "did not order within 90 days" also
 * counts living customers who simply buy rarely, so even a perfect model shows observed above predicted for slow
 * buyers. The comparison is the merchant's reality check, not a proper score of P(alive).
 */
public final class ChurnCalibration {

    /** How long after a prediction a customer's order still counts as coming back. */
    public static final int HORIZON_DAYS = 90;

    /** The sums of one (strategy, group, day). */
    public static final class Figures {
        long customers;
        double risk;
        long returned;

        public long customers() {
            return customers;
        }

        public double risk() {
            return risk;
        }

        public long returned() {
            return returned;
        }
    }

    private ChurnCalibration() {
    }

    /**
     * @param predictions made on days [fromDay, toDay]
     * @param returnedAfter per prediction moment ({@code madeAt}), the customers who ordered in the horizon after it
     *                      (so far)
     */
    public static Map<Key, Figures> compute(List<ChurnPrediction> predictions, Map<Long, Set<String>> returnedAfter) {
        Map<Key, Figures> out = new TreeMap<>();
        for (ChurnPrediction p : predictions) {
            Figures f = out.computeIfAbsent(new Key(p.strategyId(), p.group(),
                    RecommendationAttribution.day(p.madeAt())), k -> new Figures());
            f.customers++;
            f.risk += p.churnRisk();
            if (returnedAfter.getOrDefault(p.madeAt(), Set.of()).contains(p.customerId())) {
                f.returned++;
            }
        }
        return out;
    }
}
