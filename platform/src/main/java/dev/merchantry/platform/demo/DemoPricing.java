package dev.merchantry.platform.demo;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The shop's pricing agent during the last {@value DemoModel#PRICING_DAYS} days of a generated history
 * ({@link DemoDataGenerator#generate(DemoSink, DemoPricing)}): at each of those days' start it sets the price of every
 * visible active product, and the simulated customers answer that price with the product's own elasticity. Without
 * it the products keep the history's own price path. {@code serve --demo} asks the node's pricing service, so the
 * agent learns from the sales its prices made.
 */
public interface DemoPricing {

    /**
     * A product to price.
     *
     * @param listPrice    the product's list price L_j, around which its prices move
     * @param currentPrice the price charged the day before (the agent's, or the history's own)
     * @param onHand       units in stock at the day's start
     */
    record Request(String productId, double listPrice, double currentPrice, int onHand) {
    }

    /**
     * Called at the start (UTC midnight) of each pricing day, after every earlier event and snapshot has reached the
     * sink. Returns the price charged for the day per product id; a product left out keeps its own price that day.
     */
    Map<String, Double> prices(Instant dayStart, List<Request> products);
}
