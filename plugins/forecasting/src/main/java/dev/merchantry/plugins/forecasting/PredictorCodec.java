package dev.merchantry.plugins.forecasting;

import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.plugins.forecasting.arima.ArimaPredictor;
import dev.merchantry.plugins.forecasting.auto.CombinationPredictor;
import dev.merchantry.plugins.forecasting.auto.SeasonallyAdjustedPredictor;
import dev.merchantry.plugins.forecasting.ets.EtsPredictor;
import dev.merchantry.plugins.forecasting.intermittent.CrostonPredictor;
import dev.merchantry.plugins.forecasting.intermittent.PoissonRatePredictor;
import dev.merchantry.plugins.forecasting.predict.Predictor;
import dev.merchantry.plugins.forecasting.simple.NaivePredictor;
import dev.merchantry.plugins.forecasting.theta.ThetaPredictor;

/** Writes any {@link Predictor} as its kind tag plus its payload, and reads it back by the tag. */
public final class PredictorCodec {

    private PredictorCodec() {
    }

    public static void write(Predictor p, ModelWriter out) {
        ModelWriter payload = new ModelWriter();
        p.write(payload);
        out.writeString(p.kind()).writeBytes(payload.toByteArray());
    }

    public static Predictor read(ModelReader in) {
        String kind = in.readString();
        ModelReader r = new ModelReader(in.readBytes());
        if (kind == null) {
            throw new ModelFormatException("corrupt model: no predictor kind");
        }
        return switch (kind) {
            case ArimaPredictor.KIND -> ArimaPredictor.read(r);
            case EtsPredictor.KIND -> EtsPredictor.read(r);
            case ThetaPredictor.KIND -> ThetaPredictor.read(r);
            case NaivePredictor.KIND -> NaivePredictor.read(r);
            case CrostonPredictor.KIND -> CrostonPredictor.read(r);
            case PoissonRatePredictor.KIND -> PoissonRatePredictor.read(r);
            case CombinationPredictor.KIND -> CombinationPredictor.read(r, false);
            case CombinationPredictor.KIND_MEDIAN -> CombinationPredictor.read(r, true);
            case SeasonallyAdjustedPredictor.KIND -> SeasonallyAdjustedPredictor.read(r, false);
            case SeasonallyAdjustedPredictor.KIND_MULTIPLICATIVE -> SeasonallyAdjustedPredictor.read(r, true);
            case SeasonallyAdjustedPredictor.KIND_GROUP_MULTIPLICATIVE -> SeasonallyAdjustedPredictor.read(r, true, true);
            default -> throw new ModelFormatException("unknown predictor kind '" + kind + "'");
        };
    }
}
