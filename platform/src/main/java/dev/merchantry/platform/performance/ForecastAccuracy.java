package dev.merchantry.platform.performance;

import dev.merchantry.platform.performance.RecommendationAttribution.Key;
import dev.merchantry.platform.storage.ForecastSnapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores the forecasts that were served against what sold, per strategy, product category and day. The forecast of
 * a product for day d is the one of the newest model trained before d began whose forecast covers d (made ex ante:
 * a model trained during d does not score d). Days without a known actual — not complete yet, before the product's
 * first sale, or a stock-out day (censored demand) — are not scored. Pure: the caller loads snapshots and actuals.
 *
 * <p>Per (strategy, category, day) it sums, over the product-days scored: the actual units, |forecast − actual|,
 * forecast − actual, |forecast − actual| / scale (where the model's training series had a scale), and how many
 * actuals fell inside the 80 % interval. From those: WAPE = Σ|e| / Σ actual, bias = Σ e / Σ actual, MASE = mean of
 * |e| / scale over product-days (Hyndman &amp; Koehler 2006, with the in-sample lag-7 seasonal naive as scale),
 * coverage = share inside the 80 % interval (well calibrated: ≈ 0.8).
 */
public final class ForecastAccuracy {

    private static final long DAY_MS = RecommendationAttribution.DAY_MS;

    /** The sums of one (strategy, category, day). */
    public static final class Figures {
        long productDays;
        double actual;
        double absError;
        double error;
        double scaledAbsError;
        long scaled;
        long covered;

        public long productDays() {
            return productDays;
        }

        public double actual() {
            return actual;
        }

        public double absError() {
            return absError;
        }

        public double error() {
            return error;
        }

        public double scaledAbsError() {
            return scaledAbsError;
        }

        public long scaled() {
            return scaled;
        }

        public long covered() {
            return covered;
        }
    }

    /** The category segment of products without one. */
    public static final String UNCATEGORIZED = "";

    private ForecastAccuracy() {
    }

    /**
     * @param snapshots in order of {@code madeAt}
     * @param actuals product → epoch day → units sold (NaN: stock-out); absent days are not scored
     */
    public static Map<Key, Figures> score(List<ForecastSnapshot> snapshots, Map<String, Map<Long, Double>> actuals,
                                          long fromDay, long toDay) {
        Map<String, List<ForecastSnapshot>> byProduct = new HashMap<>();
        for (ForecastSnapshot s : snapshots) {
            byProduct.computeIfAbsent(s.productId(), p -> new ArrayList<>()).add(s);
        }
        Map<Key, Figures> out = new TreeMap<>();
        byProduct.forEach((product, own) -> {
            Map<Long, Double> sold = actuals.getOrDefault(product, Map.of());
            for (long day = fromDay; day <= toDay; day++) {
                Double actual = sold.get(day);
                if (actual == null || actual.isNaN()) {
                    continue;
                }
                ForecastSnapshot served = null;
                for (int k = own.size() - 1; k >= 0; k--) {
                    ForecastSnapshot s = own.get(k);
                    if (s.madeAt() < day * DAY_MS && s.firstDay() <= day && day < s.firstDay() + s.means().length) {
                        served = s;
                        break;
                    }
                }
                if (served == null) {
                    continue;
                }
                int h = (int) (day - served.firstDay());
                double forecast = served.means()[h];
                String category = served.category() == null ? UNCATEGORIZED : served.category();
                Figures f = out.computeIfAbsent(new Key(served.strategyId(), category, day), k -> new Figures());
                double e = forecast - actual;
                f.productDays++;
                f.actual += actual;
                f.absError += Math.abs(e);
                f.error += e;
                if (served.scale() != null && served.scale() > 0) {
                    f.scaledAbsError += Math.abs(e) / served.scale();
                    f.scaled++;
                }
                if (actual >= served.lo80()[h] && actual <= served.hi80()[h]) {
                    f.covered++;
                }
            }
        });
        return out;
    }
}
