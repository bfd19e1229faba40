package dev.merchantry.plugins.forecasting.auto;

import dev.merchantry.api.forecast.Frequency;
import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.plugins.forecasting.intermittent.PoissonRatePredictor;
import dev.merchantry.plugins.forecasting.intermittent.PoissonSeasonality;
import dev.merchantry.plugins.forecasting.series.Observations;

import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * What a product's group (its category's summed demand) lends an intermittent product: its seasonal shape and its
 * level. A slow mover with a year of sparse sales cannot show its season, while its category's total — many
 * products' sales, two years of them — shows it plainly; the group's shape, applied to the product's level, is the
 * "top-down" seasonal profile of hierarchical forecasting (Hyndman &amp; Athanasopoulos, FPP3 §11.2; proportions
 * from the aggregate as in Gross &amp; Sohl 1990). The index is the same Poisson log-linear Fourier model
 * {@link PoissonSeasonality} fits to single products, fitted to the group's history up to the product's last
 * observation (never later), and kept only when BIC finds a season in it.
 *
 * <p>The group's level is its deseasonalized demand rate over time — what moves every product of the category at
 * once (a growing shop, a category-wide slump) and shows in the group long before it shows in one slow mover's
 * sparse sales: the discounted Poisson rate of {@link PoissonRatePredictor} run over the group's history with its
 * seasonal index as exposure (its own discount, chosen on the group), read after each period.
 */
final class GroupSeasonality {

    /**
     * @param index the group's seasonal index on the product's time axis, null when it shows none or none was asked
     * @param level the group's deseasonalized level at each of the product's periods (t = 0 its first observed
     *              one), null when not asked or the group has no demand there
     */
    record Group(PoissonSeasonality.SeasonalIndex index, double[] level) {
    }

    private GroupSeasonality() {
    }

    /**
     * What the group lends: its seasonal index with t = 1 at the product's first observed period when {@code season}
     * and BIC finds one, its level path when {@code level}; null when there is no usable group (none, another
     * frequency, not a fixed number of days — daily and weekly data only —, not aligned, no history before the
     * product's end) or it lends nothing.
     */
    static Group of(TimeSeries series, Observations product, TimeSeries group, double[] periods, boolean season,
                    boolean level) {
        if (group == null || group.frequency() != series.frequency() || product.length() == 0 || !(season || level)) {
            return null;
        }
        int step = stepDays(series.frequency());
        if (step == 0) {
            return null;
        }
        long days = ChronoUnit.DAYS.between(group.start(), series.date(product.offset()));
        if (days % step != 0) {
            return null;
        }
        long offset = days / step; // group index of the product's first observed period
        long end = offset + product.length(); // exclusive: no group period after the product's last observation
        double[] values = group.values();
        if (end <= 0) {
            return null;
        }
        double[] history = Arrays.copyOf(values, (int) Math.min(values.length, end));
        Observations observed = Observations.of(history);
        if (observed.length() == 0) {
            return null;
        }
        PoissonSeasonality.SeasonalIndex index = PoissonSeasonality.choose(observed.values(), periods,
                AutoFitter.MAX_INTERMITTENT_HARMONICS, AutoFitter.MIN_SEASONS, AutoFitter.MIN_DEMANDS);
        // The group's t = 1 is its first observed period; the product's t = 1 lies offset − that many later.
        int shift = (int) (offset - observed.offset());
        double[] path = level ? levelPath(observed.values(), index, shift, product.length()) : null;
        PoissonSeasonality.SeasonalIndex lent = season && index != null ? index.shifted(shift) : null;
        return lent == null && path == null ? null : new Group(lent, path);
    }

    /**
     * The group's filtered deseasonalized level at product periods 0 … n − 1 (group period shift + i); periods
     * before the group's first demand, or past its end, take the nearest known level. Null when the group never
     * sold.
     */
    private static double[] levelPath(double[] g, PoissonSeasonality.SeasonalIndex index, int shift, int n) {
        double[] exposure = new double[g.length];
        for (int t = 0; t < g.length; t++) {
            exposure[t] = index == null ? 1 : index.at(t + 1);
        }
        double[] levels = PoissonRatePredictor.levels(g, exposure, PoissonRatePredictor.discount(g, exposure));
        int first = 0;
        while (first < levels.length && !(levels[first] > 0)) {
            first++;
        }
        if (first == levels.length) {
            return null;
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int t = Math.min(levels.length - 1, Math.max(first, shift + i));
            out[i] = levels[t];
        }
        return out;
    }

    private static int stepDays(Frequency f) {
        return switch (f) {
            case DAILY -> 1;
            case WEEKLY -> 7;
            default -> 0;
        };
    }
}
