package dev.merchantry.plugins.recommenders.knn;

import java.util.Locale;

/**
 * The similarity measures between two items (or two users) over their rating vectors. Cosine and adjusted cosine
 * use the full vectors' norms; the Pearson forms are computed over the common raters only, as in Surprise.
 */
public enum Similarity {
    /** x·y / (‖x‖‖y‖) on raw values; for implicit feedback the standard choice. */
    COSINE,
    /** Cosine after subtracting each rater's mean rating (Sarwar et al. 2001, §3.1.3). */
    ADJUSTED_COSINE,
    /** Pearson correlation over common raters. */
    PEARSON,
    /** Uncentred correlation of baseline residuals r − b_ui over common raters (Koren 2010, Surprise). */
    PEARSON_BASELINE;

    /** Config names: the snake_case of the constant, plus {@code auto}. */
    public static final String[] NAMES = {"auto", "cosine", "adjusted_cosine", "pearson", "pearson_baseline"};

    /** {@code auto} is Pearson-baseline for ratings and cosine for implicit feedback. */
    public static Similarity resolve(String name, boolean explicit) {
        if (name.equals("auto")) {
            return explicit ? PEARSON_BASELINE : COSINE;
        }
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Pearson forms shrink by (n−1)/(n−1+λ): a correlation over one common rater says nothing. */
    double shrink(int common, double shrinkage) {
        if (this == PEARSON || this == PEARSON_BASELINE) {
            return common <= 1 ? 0 : (common - 1) / (common - 1 + shrinkage);
        }
        return common / (common + shrinkage);
    }
}
