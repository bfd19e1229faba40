package @PACKAGE@;

import dev.merchantry.api.StrategyContext;
import dev.merchantry.api.model.ModelFormatException;
import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.api.model.SerializedModel;
import dev.merchantry.api.pricing.DemandEstimate;
import dev.merchantry.api.pricing.PriceDecision;
import dev.merchantry.api.pricing.PricingContext;
import dev.merchantry.api.pricing.PricingModel;
import dev.merchantry.api.pricing.PricingOutcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/** Candidate prices with the periods, units and revenue observed at each; immutable ({@link #observe} copies). */
final class @CLASS@Model implements PricingModel {

    /** Raise it when {@link #serialize()} changes, and keep {@link #read} able to read every older format. */
    static final int FORMAT = 1;

    private final double[] prices;
    private final double epsilon;
    private final long[] periods;
    private final double[] units;
    private final double[] revenue;

    @CLASS@Model(double[] prices, double epsilon, long[] periods, double[] units, double[] revenue) {
        this.prices = prices.clone();
        this.epsilon = epsilon;
        this.periods = periods.clone();
        this.units = units.clone();
        this.revenue = revenue.clone();
    }

    private double meanRevenue(int arm) {
        return periods[arm] == 0 ? 0 : revenue[arm] / periods[arm];
    }

    private double meanUnits(int arm) {
        return periods[arm] == 0 ? 0 : units[arm] / periods[arm];
    }

    @Override
    public PriceDecision decide(PricingContext product, RandomGenerator random, StrategyContext context) {
        int arm = -1;
        String why;
        for (int i = 0; i < prices.length && arm < 0; i++) {
            if (periods[i] == 0) {
                arm = i;
            }
        }
        boolean exploring = arm >= 0 || random.nextDouble() < epsilon;
        if (arm >= 0) {
            why = "exploring: " + prices[arm] + " was never tried";
        } else if (exploring) {
            arm = random.nextInt(prices.length);
            why = "exploring: a random candidate price";
        } else {
            arm = 0;
            for (int i = 1; i < prices.length; i++) {
                if (meanRevenue(i) > meanRevenue(arm)) {
                    arm = i;
                }
            }
            why = "exploiting: " + prices[arm] + " has the highest mean revenue per period";
        }
        double cost = Double.isNaN(product.cost()) ? Double.NaN : product.cost();
        double expectedUnits = meanUnits(arm);
        return new PriceDecision(prices[arm], exploring, why, expectedUnits, prices[arm] * expectedUnits,
                (prices[arm] - cost) * expectedUnits);
    }

    @Override
    public PricingModel observe(PricingOutcome outcome) {
        int arm = 0;
        for (int i = 1; i < prices.length; i++) {
            if (Math.abs(prices[i] - outcome.price()) < Math.abs(prices[arm] - outcome.price())) {
                arm = i;
            }
        }
        long[] p = periods.clone();
        double[] u = units.clone();
        double[] r = revenue.clone();
        p[arm]++;
        u[arm] += outcome.units();
        r[arm] += outcome.revenue();
        return new @CLASS@Model(prices, epsilon, p, u, r);
    }

    /** Observed mean units per price; the bounds are the observed mean too, as this agent keeps no distribution. */
    @Override
    public List<DemandEstimate> demandCurve() {
        List<DemandEstimate> out = new ArrayList<>();
        for (int i = 0; i < prices.length; i++) {
            out.add(new DemandEstimate(prices[i], meanUnits(i), meanUnits(i), meanUnits(i), periods[i]));
        }
        return out;
    }

    @Override
    public Map<String, Double> metrics() {
        long total = 0;
        for (long n : periods) {
            total += n;
        }
        return Map.of("periods", (double) total);
    }

    @Override
    public SerializedModel serialize() {
        ModelWriter w = new ModelWriter().writeDoubles(prices).writeDouble(epsilon).writeInt(periods.length);
        for (long n : periods) {
            w.writeLong(n);
        }
        return w.writeDoubles(units).writeDoubles(revenue).toModel(@CLASS@PricingAgent.ID, FORMAT);
    }

    static @CLASS@Model read(SerializedModel model) {
        model.requireFormat(@CLASS@PricingAgent.ID, FORMAT);
        ModelReader r = new ModelReader(model);
        double[] prices = r.readDoubles();
        double epsilon = r.readDouble();
        int n = r.readInt();
        if (n != prices.length || prices.length < 2) {
            throw new ModelFormatException("not a " + @CLASS@PricingAgent.ID + " state: " + prices.length
                    + " prices, " + n + " counts");
        }
        long[] periods = new long[n];
        for (int i = 0; i < n; i++) {
            periods[i] = r.readLong();
        }
        double[] units = r.readDoubles();
        double[] revenue = r.readDoubles();
        if (units.length != n || revenue.length != n) {
            throw new ModelFormatException("not a " + @CLASS@PricingAgent.ID + " state: counts differ in length");
        }
        return new @CLASS@Model(prices, epsilon, periods, units, revenue);
    }
}
