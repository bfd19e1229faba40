package dev.merchantry.plugins.forecasting.auto;

import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.plugins.forecasting.PredictorCodec;
import dev.merchantry.plugins.forecasting.arima.Regressors;
import dev.merchantry.plugins.forecasting.predict.Prediction;
import dev.merchantry.plugins.forecasting.predict.Predictor;

import java.util.Map;

/**
 * A model of the seasonally adjusted series plus the seasonal component it was adjusted by, a sum of Fourier
 * terms Σ_k a_k sin(2πkt/m) + b_k cos(2πkt/m) fitted by least squares. This is how periods too long or not whole
 * for seasonal ETS/ARIMA (52.18 weeks a year, 365.25 days a year) are handled (the Fourier approach of
 * Hyndman &amp; Athanasopoulos, FPP3 §7.4 and §10.5). The seasonal component is treated as known: intervals are
 * the inner model's, shifted.
 *
 * <p>A multiplicative variant ({@link #KIND_MULTIPLICATIVE}) holds a log-scale Fourier sum instead and multiplies
 * the inner forecast and its bounds by exp(…): the seasonal index of intermittent demand that
 * {@code PoissonSeasonality} fits, around a Croston model of the deseasonalized demand.
 */
public final class SeasonallyAdjustedPredictor implements Predictor {

    public static final String KIND = "seasonally-adjusted";
    public static final String KIND_MULTIPLICATIVE = "seasonal-index";
    /** A multiplicative index borrowed from the series' group (top-down seasonality); same layout. */
    public static final String KIND_GROUP_MULTIPLICATIVE = "group-seasonal-index";

    private final Predictor inner;
    private final Regressors fourier;
    private final double[] coefficients;
    private final int fittedLength;
    private final boolean multiplicative;
    private final boolean borrowed;

    public SeasonallyAdjustedPredictor(Predictor inner, Regressors fourier, double[] coefficients, int fittedLength) {
        this(inner, fourier, coefficients, fittedLength, false, false);
    }

    private SeasonallyAdjustedPredictor(Predictor inner, Regressors fourier, double[] coefficients, int fittedLength,
                                        boolean multiplicative, boolean borrowed) {
        this.inner = inner;
        this.fourier = fourier;
        this.coefficients = coefficients;
        this.fittedLength = fittedLength;
        this.multiplicative = multiplicative;
        this.borrowed = borrowed;
    }

    /** The inner model times exp(the Fourier sum), coefficients on the log scale. */
    public static SeasonallyAdjustedPredictor multiplicative(Predictor inner, Regressors fourier, double[] logCoefficients,
                                                             int fittedLength) {
        return new SeasonallyAdjustedPredictor(inner, fourier, logCoefficients, fittedLength, true, false);
    }

    /** As {@link #multiplicative}, with an index borrowed from the series' group (its description says so). */
    public static SeasonallyAdjustedPredictor groupMultiplicative(Predictor inner, Regressors fourier,
                                                                  double[] logCoefficients, int fittedLength) {
        return new SeasonallyAdjustedPredictor(inner, fourier, logCoefficients, fittedLength, true, true);
    }

    /** The model of the seasonally adjusted series. */
    public Predictor inner() {
        return inner;
    }

    /** The seasonal component at time t (1-based, t = 1 the first fitted value); log-scale if multiplicative. */
    public double seasonal(int t) {
        double[] row = fourier.row(t);
        double s = 0;
        for (int c = 0; c < row.length; c++) {
            s += coefficients[c] * row[c];
        }
        return s;
    }

    @Override
    public String description() {
        StringBuilder periods = new StringBuilder();
        for (int j = 0; j < fourier.periods().length; j++) {
            if (j > 0) {
                periods.append(", ");
            }
            double m = fourier.periods()[j];
            periods.append(m == Math.rint(m) ? Long.toString((long) m) : String.format(java.util.Locale.ROOT, "%.2f", m))
                    .append(" (K=").append(fourier.harmonics()[j]).append(')');
        }
        return inner.description() + (borrowed ? " × group's Poisson Fourier seasonality "
                : multiplicative ? " × Poisson Fourier seasonality " : " + Fourier seasonality ") + periods;
    }

    @Override
    public Prediction predict(int horizon, double[] levels) {
        double[] shift = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            shift[h - 1] = seasonal(fittedLength + h);
        }
        if (multiplicative) {
            for (int h = 0; h < horizon; h++) {
                shift[h] = Math.exp(shift[h]);
            }
            return inner.predict(horizon, levels).times(shift);
        }
        return inner.predict(horizon, levels).plus(shift);
    }

    @Override
    public Map<String, Double> metrics() {
        return inner.metrics();
    }

    @Override
    public String kind() {
        return borrowed ? KIND_GROUP_MULTIPLICATIVE : multiplicative ? KIND_MULTIPLICATIVE : KIND;
    }

    @Override
    public void write(ModelWriter out) {
        out.writeDoubles(fourier.periods()).writeInts(fourier.harmonics()).writeDoubles(coefficients).writeInt(fittedLength);
        PredictorCodec.write(inner, out);
    }

    public static SeasonallyAdjustedPredictor read(ModelReader in, boolean multiplicative) {
        return read(in, multiplicative, false);
    }

    public static SeasonallyAdjustedPredictor read(ModelReader in, boolean multiplicative, boolean borrowed) {
        double[] periods = in.readDoubles();
        int[] harmonics = in.readInts();
        double[] coef = in.readDoubles();
        int n = in.readInt();
        if (periods.length != harmonics.length) {
            throw new ModelFormatException("corrupt seasonal adjustment");
        }
        Regressors f = new Regressors(false, false, periods, harmonics);
        if (coef.length != f.count() || n < 0) {
            throw new ModelFormatException("corrupt seasonal adjustment: coefficients");
        }
        return new SeasonallyAdjustedPredictor(PredictorCodec.read(in), f, coef, n, multiplicative, borrowed);
    }
}
