package dev.merchantry.testkit;

import dev.merchantry.api.ProgressListener;
import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyDescriptor;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.config.ConfigSpec;
import dev.merchantry.api.forecast.Forecast;
import dev.merchantry.api.forecast.ForecastModel;
import dev.merchantry.api.forecast.Forecaster;
import dev.merchantry.api.forecast.PredictionInterval;
import dev.merchantry.api.forecast.TimeSeries;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.recommend.RecommendationQuery;
import dev.merchantry.api.recommend.Recommender;
import dev.merchantry.api.recommend.RecommenderData;
import dev.merchantry.api.recommend.RecommenderModel;
import dev.merchantry.api.recommend.ScoredItem;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** The contracts are only worth something if they fail for broken strategies: each case here must be caught. */
class ContractsCatchBrokenStrategiesTest {

    /** Returns p0..p9 regardless of the allowed filter and the limit. */
    static final class IgnoresFilter implements Recommender {
        public StrategyDescriptor descriptor() {
            return new StrategyDescriptor("ignores-filter", StrategyKind.RECOMMENDER, "1.0.0", "x", "broken on purpose",
                    ConfigSpec.empty());
        }

        public RecommenderModel fit(RecommenderData d, Config c, StrategyContext ctx, ProgressListener p) {
            return load(new ModelWriter().writeInt(10).toModel("ignores-filter", 1));
        }

        public RecommenderModel load(SerializedModel m) {
            m.requireFormat("ignores-filter", 1);
            int n = new ModelReader(m).readInt();
            return new RecommenderModel() {
                public List<ScoredItem> recommend(RecommendationQuery q) {
                    List<ScoredItem> out = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        out.add(new ScoredItem("p" + i, n - i, ""));
                    }
                    return out;
                }

                public SerializedModel serialize() {
                    return m;
                }
            };
        }
    }

    /** Its 95% interval is narrower than its 80% interval. */
    static final class InvertedIntervals implements Forecaster {
        public StrategyDescriptor descriptor() {
            return new StrategyDescriptor("inverted", StrategyKind.FORECASTER, "1.0.0", "x", "broken on purpose",
                    ConfigSpec.empty());
        }

        public ForecastModel fit(TimeSeries s, Config c, StrategyContext ctx) {
            return load(new ModelWriter().toModel("inverted", 1));
        }

        public ForecastModel load(SerializedModel m) {
            m.requireFormat("inverted", 1);
            return new ForecastModel() {
                public String description() {
                    return "inverted";
                }

                public Forecast forecast(int h, double... levels) {
                    List<PredictionInterval> out = new ArrayList<>();
                    for (double level : levels) {
                        double w = level == 95 ? 1 : 2;
                        double[] lo = new double[h];
                        double[] hi = new double[h];
                        java.util.Arrays.fill(lo, 5 - w);
                        java.util.Arrays.fill(hi, 5 + w);
                        out.add(new PredictionInterval(level, lo, hi));
                    }
                    double[] mean = new double[h];
                    java.util.Arrays.fill(mean, 5);
                    return new Forecast("inverted", mean, out);
                }

                public SerializedModel serialize() {
                    return m;
                }
            };
        }
    }

    @Test
    void recommenderContractCatchesIgnoredLimitAndFilter() {
        RecommenderContractTest contract = new RecommenderContractTest() {
            @Override
            protected Recommender strategy() {
                return new IgnoresFilter();
            }
        };
        assertThrows(AssertionFailedError.class, contract::honoursLimitAndTheAllowedFilter);
        assertThrows(AssertionFailedError.class, contract::emptyAndTinyDataNeverFail);
    }

    @Test
    void forecasterContractCatchesInvertedIntervals() {
        ForecasterContractTest contract = new ForecasterContractTest() {
            @Override
            protected Forecaster strategy() {
                return new InvertedIntervals();
            }
        };
        assertThrows(AssertionFailedError.class, contract::awkwardSeriesGiveWellFormedForecasts);
    }
}
