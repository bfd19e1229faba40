package dev.merchantry.plugins.pricing;

import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.StrategyDescriptor;
import dev.merchantry.api.StrategyKind;
import dev.merchantry.api.config.Config;
import dev.merchantry.api.config.ConfigSpec;
import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.pricing.PricingAgent;
import dev.merchantry.api.pricing.PricingContext;
import dev.merchantry.api.pricing.PricingModel;

/**
 * Starting and loading agent states for every strategy of this plugin: builds the candidate grid from the list
 * price, sets the prior, warm-starts it from the product's price history ({@link WarmStart}), and reads states back
 * in the shared byte layout.
 */
abstract class GridPricingAgent implements PricingAgent {

    private final StrategyDescriptor descriptor;

    GridPricingAgent(String id, String name, String doc, ConfigSpec spec) {
        this.descriptor = new StrategyDescriptor(id, StrategyKind.PRICING, "1.0.0", name, doc, spec);
    }

    @Override
    public StrategyDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public PricingModel start(PricingContext product, Config config, StrategyContext context) {
        PricingSettings settings = PricingSettings.from(config);
        double[] prices = PriceGrid.candidates(product.listPrice(), settings);
        ArmStats arms = WarmStart.apply(prior(ArmStats.fresh(prices, settings.priorShape(), settings.priorRate()),
                product, config, context), product.history(), config.getDouble(PricingSettings.HISTORY_PRIOR_WEIGHT));
        return create(settings, product, arms, config);
    }

    /** The prior before the history is applied; the configured Gamma prior unless a strategy knows more. */
    ArmStats prior(ArmStats fresh, PricingContext product, Config config, StrategyContext context) {
        return fresh;
    }

    /** A new state of this strategy. */
    abstract GridPricingModel create(PricingSettings settings, PricingContext product, ArmStats arms, Config config);

    /** Reads what this strategy's model wrote after the common layout. */
    abstract GridPricingModel read(GridPricingModel.Common common, ModelReader reader);

    @Override
    public PricingModel load(SerializedModel model) {
        model.requireFormat(descriptor.id(), GridPricingModel.FORMAT_VERSION);
        try {
            ModelReader reader = new ModelReader(model);
            return read(GridPricingModel.Common.read(reader), reader);
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelFormatException("corrupt " + descriptor.id() + " state: " + e.getMessage(), e);
        }
    }
}
