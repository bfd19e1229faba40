package @PACKAGE@;

import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyDescriptor;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.config.ConfigSpec;
import dev.merchantry.api.config.ConfigType;
import dev.merchantry.api.config.Importance;
import dev.merchantry.api.config.Validators;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.pricing.PricingAgent;
import dev.merchantry.api.pricing.PricingContext;
import dev.merchantry.api.pricing.PricingModel;
import org.pf4j.Extension;

/**
 * Starts {@link @CLASS@Model}: an epsilon-greedy bandit over a grid of prices around the list price (Sutton and
 * Barto, "Reinforcement Learning: An Introduction", 2nd ed., section 2.2): it charges the price with the highest mean
 * revenue so far, and with probability {@code epsilon} a random one to keep learning.
 *
 * <p>Replace it with your own algorithm; keep {@link #ID} stable, since shops bind the strategy by it.
 */
@Extension
public final class @CLASS@PricingAgent implements PricingAgent {

    /** The strategy id shops bind to. */
    public static final String ID = "@ID@";

    static final ConfigSpec SPEC = ConfigSpec.builder()
            .define("min_ratio", ConfigType.DOUBLE, 0.8, Validators.between(0.5, 1.0), Importance.HIGH,
                    "Lowest candidate price as a fraction of the list price.")
            .define("max_ratio", ConfigType.DOUBLE, 1.2, Validators.between(1.0, 2.0), Importance.HIGH,
                    "Highest candidate price as a multiple of the list price.")
            .define("prices", ConfigType.INT, 5, Validators.between(2, 50), Importance.MEDIUM,
                    "Number of candidate prices, evenly spaced from min_ratio to max_ratio.")
            .define("epsilon", ConfigType.DOUBLE, 0.1, Validators.between(0.0, 1.0), Importance.MEDIUM,
                    "Probability of charging a random candidate price to keep learning.")
            .build();

    @Override
    public StrategyDescriptor descriptor() {
        return new StrategyDescriptor(ID, StrategyKind.PRICING, "0.1.0", "@TITLE@",
                "Tries each candidate price around the list price once, then mostly charges the one with the highest"
                        + " mean revenue per period, exploring a random one with probability epsilon.", SPEC);
    }

    @Override
    public PricingModel start(PricingContext product, Config config, StrategyContext context) {
        int n = config.getInt("prices");
        double lo = config.getDouble("min_ratio");
        double hi = config.getDouble("max_ratio");
        double[] prices = new double[n];
        for (int i = 0; i < n; i++) {
            // Whole cents, as a shop would charge.
            prices[i] = Math.round(product.listPrice() * (lo + (hi - lo) * i / (n - 1)) * 100) / 100.0;
        }
        return new @CLASS@Model(prices, config.getDouble("epsilon"), new long[n], new double[n], new double[n]);
    }

    @Override
    public PricingModel load(SerializedModel model) {
        return @CLASS@Model.read(model);
    }
}
