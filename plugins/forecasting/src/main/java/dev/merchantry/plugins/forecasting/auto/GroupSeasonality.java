package dev.merchantry.plugins.forecasting.auto;

import dev.merchantry.api.forecast.Frequency;
import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.plugins.forecasting.intermittent.PoissonSeasonality;
import dev.merchantry.plugins.forecasting.series.Observations;

import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * Top-down seasonality: the seasonal index of a product's group (its category's summed demand), on the product's
 * own time axis. A slow mover with a year of sparse sales cannot show its season, while its category's total — many
 * products' sales, two years of them — shows it plainly; the group's shape, applied to the product's level, is the
 * "top-down" seasonal profile of hierarchical forecasting (Hyndman &amp; Athanasopoulos, FPP3 §11.2; proportions
 * from the aggregate as in Gross &amp; Sohl 1990). The index is the same Poisson log-linear Fourier model
 * {@link PoissonSeasonality} fits to single products, fitted to the group's history up to the product's last
 * observation (never later), and kept only when BIC finds a season in it.
 */
final class GroupSeasonality {

    private GroupSeasonality() {
    }

    /**
     * The group's seasonal index with t = 1 at the product's first observed period, or null when there is no group,
     * the frequencies differ or are not a fixed number of days (daily and weekly data only), or the group shows no
     * season.
     */
    static PoissonSeasonality.SeasonalIndex of(TimeSeries series, Observations product, TimeSeries group,
                                               double[] periods) {
        if (group == null || group.frequency() != series.frequency() || product.length() == 0) {
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
        PoissonSeasonality.SeasonalIndex index = PoissonSeasonality.choose(observed.values(), periods,
                AutoFitter.MAX_INTERMITTENT_HARMONICS, AutoFitter.MIN_SEASONS, AutoFitter.MIN_DEMANDS);
        // The group's t = 1 is its first observed period; the product's t = 1 lies offset − that many later.
        return index == null ? null : index.shifted((int) (offset - observed.offset()));
    }

    private static int stepDays(Frequency f) {
        return switch (f) {
            case DAILY -> 1;
            case WEEKLY -> 7;
            default -> 0;
        };
    }
}
