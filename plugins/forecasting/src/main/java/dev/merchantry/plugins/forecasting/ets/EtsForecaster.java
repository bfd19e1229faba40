package dev.merchantry.plugins.forecasting.ets;

import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyDescriptor;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.config.ConfigSpec;
import dev.merchantry.api.config.ConfigType;
import dev.merchantry.api.config.Importance;
import dev.merchantry.api.config.Validator;
import dev.merchantry.api.config.Validators;
import dev.merchantry.api.forecast.ForecastModel;
import dev.merchantry.api.forecast.Forecaster;
import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.plugins.forecasting.DemandForecastModel;
import dev.merchantry.plugins.forecasting.ModelFitting;
import org.pf4j.Extension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code ets} strategy: one ETS model given by its code, or the AICc-best of the admissible set when a
 * component is {@code Z} (the default {@code ZZZ}, as R's {@code ets(y)}).
 */
@Extension
public final class EtsForecaster implements Forecaster {

    public static final String ID = "ets";
    private static final Pattern MODEL = Pattern.compile("[AMZ](N|A|Ad|Z)[NAMZ]");

    static final ConfigSpec SPEC = ModelFitting.commonKeys(ConfigSpec.builder()
            .define("model", ConfigType.STRING, "ZZZ", new Validator() {
                        @Override
                        public Optional<String> check(Object value) {
                            return MODEL.matcher((String) value).matches() ? Optional.empty()
                                    : Optional.of("must be error (A|M|Z), trend (N|A|Ad|Z) and season (N|A|M|Z), e.g. ZZZ, ANN, AAdN, MAM; got \"" + value + "\"");
                        }

                        @Override
                        public Map<String, Object> constraints() {
                            return Map.of("pattern", MODEL.pattern());
                        }
                    }, Importance.HIGH,
                    "ETS components (error, trend, season); Z lets AICc choose. Seasonal models need a period of 2-24.")
            .define("damped", ConfigType.STRING, "auto", Validators.oneOf("auto", "true", "false"), Importance.MEDIUM,
                    "Whether a chosen trend is damped; auto tries both.")
            .define("allow_multiplicative", ConfigType.BOOLEAN, true, Importance.LOW,
                    "Allow multiplicative error and season (only ever for strictly positive data).")
            .define("max_evaluations", ConfigType.INT, EtsFitter.DEFAULT_EVALUATIONS, Validators.between(100, 100000),
                    Importance.LOW, "Likelihood evaluations per model for the Nelder-Mead search.")
            .define("seed", ConfigType.LONG, 42L, Importance.LOW,
                    "Seed of the simulated intervals of non-linear models; equal seeds give equal intervals."))
            .build();

    @Override
    public StrategyDescriptor descriptor() {
        return new StrategyDescriptor(ID, StrategyKind.FORECASTER, "1.0.0", "Exponential smoothing (ETS)",
                "Exponential smoothing state-space models (Hyndman et al. 2002, 2008): additive or multiplicative "
                        + "error and season, optionally damped trend, fitted by maximum likelihood and chosen by AICc. "
                        + "Strong on monthly and quarterly demand with a stable seasonal pattern.", SPEC);
    }

    /**
     * The specs a config asks for, for the series' period m (1 for none). A seasonal request the data cannot
     * support (period above 24, fewer than two seasons) falls back to the non-seasonal models, as R's ets warns and
     * does.
     */
    static List<EtsSpec> specs(String model, String damped, int m, double[] y, boolean allowMultiplicative) {
        char e = model.charAt(0);
        String trend = model.substring(1, model.length() - 1);
        char s = model.charAt(model.length() - 1);
        List<EtsSpec> out = new ArrayList<>();
        boolean multiplicative = allowMultiplicative || e == 'M' || s == 'M';
        for (EtsSpec spec : EtsFitter.candidates(y, m, multiplicative, true)) {
            boolean trendOk = switch (trend) {
                case "Z" -> true;
                case "N" -> spec.trend() == 'N';
                case "Ad" -> spec.trend() == 'A' && spec.damped();
                default -> spec.trend() == 'A';
            };
            boolean dampedOk = spec.trend() == 'N' || damped.equals("auto") || trend.equals("Ad")
                    || spec.damped() == damped.equals("true");
            if ((e == 'Z' || spec.error() == e) && (s == 'Z' || spec.season() == s) && trendOk && dampedOk) {
                out.add(spec);
            }
        }
        if (out.isEmpty() && s != 'N' && s != 'Z') {
            return specs(model.substring(0, model.length() - 1) + "N", damped, 1, y, allowMultiplicative);
        }
        return out;
    }

    @Override
    public ForecastModel fit(TimeSeries series, Config config, StrategyContext context) {
        int m = ModelFitting.mainPeriod(ModelFitting.periods(series, config));
        String model = config.getString("model");
        String damped = config.getString("damped");
        return ModelFitting.fit(ID, series, config, context, obs -> {
            EtsPredictor best = null;
            for (EtsSpec spec : specs(model, damped, m, obs.values(), config.getBoolean("allow_multiplicative"))) {
                EtsPredictor p = EtsFitter.fit(obs.values(), spec, config.getInt("max_evaluations"), config.getLong("seed"));
                if (p != null && (best == null || p.aicc() < best.aicc())) {
                    best = p;
                }
            }
            if (best == null) {
                throw new IllegalArgumentException("no ETS model " + model + " fits this series");
            }
            return best;
        });
    }

    @Override
    public ForecastModel load(SerializedModel model) {
        return DemandForecastModel.read(model, ID);
    }
}
