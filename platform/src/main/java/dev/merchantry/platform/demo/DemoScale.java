package dev.merchantry.platform.demo;

/**
 * How much demo data to generate: registered customers, catalog products and days of history.
 *
 * @param customers number of registered customers (each joins at some point of the history), at least 1
 * @param products  number of catalog products, at least 1
 * @param days      length of the history in days, at least 1
 */
public record DemoScale(int customers, int products, int days) {

    /** The demo shop: 2,000 customers, 300 products, two years (about 130,000 events). */
    public static final DemoScale DEFAULT = new DemoScale(2000, 300, 730);

    /** Upper bounds that keep generation in memory and in minutes rather than hours. */
    public static final int MAX_CUSTOMERS = 200_000;
    public static final int MAX_PRODUCTS = 20_000;
    public static final int MAX_DAYS = 3_660;

    public DemoScale {
        check("customers", customers, MAX_CUSTOMERS);
        check("products", products, MAX_PRODUCTS);
        check("days", days, MAX_DAYS);
    }

    private static void check(String name, int value, int max) {
        if (value < 1 || value > max) {
            throw new IllegalArgumentException(name + " must be between 1 and " + max + ", got " + value);
        }
    }
}
