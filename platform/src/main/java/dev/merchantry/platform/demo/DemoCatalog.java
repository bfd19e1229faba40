package dev.merchantry.platform.demo;

import io.vertx.core.json.JsonObject;
import org.apache.commons.math3.random.RandomGenerator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/** The demo outdoor store's catalog: categories with their seasonality, products with their hidden parameters. */
final class DemoCatalog {

    /** A product type within a category and the median of its list price (EUR). */
    record ProductType(String name, double medianPrice) {
    }

    /**
     * A category: its share π_c of tastes and products, its yearly seasonality exp(A·cos(2π(doy − φ)/365.25)) / I0(A),
     * its product types and the categories its orders cross-sell into.
     */
    record Category(String name, String code, double share, double amplitude, int peakDay, List<ProductType> types,
                    int[] complements) {
    }

    static final List<Category> CATEGORIES = List.of(
            new Category("Tents & Shelters", "TNT", 0.12, 0.8, 180, List.of(
                    new ProductType("Ultralight Tent 1P", 320), new ProductType("Dome Tent 2P", 230),
                    new ProductType("Tunnel Tent 3P", 340), new ProductType("Family Tent 4P", 420),
                    new ProductType("Family Tent 6P", 560), new ProductType("Bivy Bag", 140),
                    new ProductType("Tarp 3x3 m", 80), new ProductType("Trekking Pole Shelter", 260),
                    new ProductType("Tent Footprint", 45)), new int[] {1, 7}),
            new Category("Sleeping Bags & Mats", "SLP", 0.11, 0.6, 185, List.of(
                    new ProductType("Down Sleeping Bag -5°C", 290), new ProductType("Synthetic Sleeping Bag 0°C", 120),
                    new ProductType("Summer Sleeping Bag +10°C", 70), new ProductType("Self-Inflating Mat", 85),
                    new ProductType("Insulated Air Mat", 150), new ProductType("Foam Mat", 30),
                    new ProductType("Inflatable Pillow", 28), new ProductType("Sleeping Bag Liner", 35),
                    new ProductType("Down Quilt 2°C", 260)), new int[] {0, 7}),
            new Category("Backpacks", "BPK", 0.13, 0.35, 160, List.of(
                    new ProductType("Daypack 22 L", 75), new ProductType("Daypack 30 L", 95),
                    new ProductType("Trekking Pack 45 L", 170), new ProductType("Trekking Pack 65+10 L", 240),
                    new ProductType("Hydration Pack 12 L", 85), new ProductType("Travel Pack 40 L", 130),
                    new ProductType("Kids Pack 14 L", 45), new ProductType("Hip Pack 5 L", 35),
                    new ProductType("Pack Rain Cover", 22)), new int[] {3, 4}),
            new Category("Hiking Footwear", "FTW", 0.15, 0.3, 120, List.of(
                    new ProductType("Mid GTX Hiking Boots", 190), new ProductType("Low Hiking Shoes", 140),
                    new ProductType("Trail Running Shoes", 135), new ProductType("Approach Shoes", 150),
                    new ProductType("Mountaineering Boots", 320), new ProductType("Winter Boots", 170),
                    new ProductType("Hiking Sandals", 80), new ProductType("Merino Hiking Socks", 22),
                    new ProductType("Gaiters", 45)), new int[] {4, 2}),
            new Category("Outdoor Clothing", "CLO", 0.20, 0.55, 320, List.of(
                    new ProductType("Hardshell Jacket", 280), new ProductType("Down Jacket", 240),
                    new ProductType("Fleece Jacket", 95), new ProductType("Softshell Pants", 110),
                    new ProductType("Merino Base Layer Top", 75), new ProductType("Insulated Vest", 130),
                    new ProductType("Rain Pants", 90), new ProductType("Trekking Pants", 85),
                    new ProductType("Merino Beanie", 30), new ProductType("Windbreaker", 100)), new int[] {3, 2}),
            new Category("Ski & Snowboard", "SKI", 0.10, 1.2, 350, List.of(
                    new ProductType("All-Mountain Skis", 480), new ProductType("Freeride Skis", 600),
                    new ProductType("Touring Skis", 620), new ProductType("Ski Boots", 380),
                    new ProductType("Ski Helmet", 120), new ProductType("Ski Goggles", 110),
                    new ProductType("Snowboard", 450), new ProductType("Snowboard Bindings", 250),
                    new ProductType("Ski Poles", 60), new ProductType("Avalanche Transceiver", 320)), new int[] {4, 5}),
            new Category("Climbing", "CLB", 0.09, 0.4, 150, List.of(
                    new ProductType("Climbing Harness", 75), new ProductType("Climbing Shoes", 120),
                    new ProductType("Dynamic Rope 60 m", 170), new ProductType("Quickdraw Set (6)", 95),
                    new ProductType("Belay Device", 35), new ProductType("Chalk Bag", 22),
                    new ProductType("Climbing Helmet", 70), new ProductType("Locking Carabiner", 14),
                    new ProductType("Bouldering Crash Pad", 200)), new int[] {6, 2}),
            new Category("Camp Kitchen", "KIT", 0.10, 0.6, 190, List.of(
                    new ProductType("Canister Stove", 55), new ProductType("Titanium Pot 750 ml", 40),
                    new ProductType("Cook Set 2P", 65), new ProductType("Water Filter", 45),
                    new ProductType("Insulated Bottle 1 L", 32), new ProductType("Titanium Spork", 10),
                    new ProductType("Gas Canister 230 g", 7), new ProductType("Camping Mug", 15),
                    new ProductType("Dry Bag 20 L", 25), new ProductType("Cutlery Set", 18)), new int[] {0, 7}));

    static final List<String> BRANDS = List.of("Northridge", "Fjellvik", "Alpenglow", "Trailcraft", "Kestrel",
            "Granite & Pine", "Lumen", "Boreal Works", "Cairn", "Windward");
    static final List<String> MODELS = List.of("Aurora", "Ridge", "Cirrus", "Tundra", "Summit", "Basecamp", "Horizon",
            "Talus", "Scree", "Meridian", "Vega", "Nordic", "Glacier", "Canyon", "Pioneer", "Ember", "Atlas", "Drift",
            "Pulse", "Quest");

    /** A product and its hidden parameters. */
    static final class Product {
        int index;
        String id;
        String sku;
        String title;
        int category;
        double listPrice;
        double cost;
        /** Appeal w_j, trend τ_j (per year), elasticity ε_j, quality q_j. */
        double appeal;
        double trend;
        double elasticity;
        double quality;
        /** ln(L_j / m_c): the premium-tilt regressor. */
        double logPriceRel;
        /** First active day (0 unless launched during the history) and first inactive day (days if never). */
        int launchDay;
        int endDay;
        boolean hidden;
        double[] latent;
        /** Price periods: start day and price charged from that day on (EUR, rounded). */
        int[] periodStart;
        double[] periodPrice;

        boolean activeOn(int day) {
            return day >= launchDay && day < endDay;
        }

        /** Appeal × launch ramp × trend on an active day of a history of {@code days} days: w_j ρ_j(t) e^{τ_j (t − D/2)/365}. */
        double timeWeight(int day, int days) {
            double age = day - launchDay;
            double ramp = launchDay == 0 ? 1 : 1 - Math.exp(-(age + 1) / DemoModel.LAUNCH_RAMP_DAYS);
            return appeal * ramp * Math.exp(trend * (day - days / 2.0) / 365.0);
        }

        /** The price charged on a day. */
        double priceOn(int day) {
            int k = Arrays.binarySearch(periodStart, day);
            return periodPrice[k >= 0 ? k : -k - 2];
        }

        /** The price in force at the end of the history (the catalog's current price). */
        double currentPrice() {
            return periodPrice[periodPrice.length - 1];
        }

        JsonObject toJson() {
            return new JsonObject().put("product_id", id).put("sku", sku).put("title", title)
                    .put("category", CATEGORIES.get(category).name()).put("price", currentPrice()).put("cost", cost)
                    .put("currency", DemoModel.CURRENCY).put("hidden", hidden);
        }
    }

    final List<Product> products;
    /** Per category: the products' indices. */
    final int[][] byCategory;
    /** Seasonality normalizers I0(A_c). */
    private final double[] seasonNorm;

    DemoCatalog(int count, int days, RandomGenerator rng, IntFunction<RandomGenerator> priceStreams) {
        int nc = CATEGORIES.size();
        seasonNorm = new double[nc];
        for (int c = 0; c < nc; c++) {
            seasonNorm[c] = DemoModel.besselI0(CATEGORIES.get(c).amplitude());
        }
        int[] categoryOf = allocate(count);
        products = new ArrayList<>(count);
        Set<String> titles = new HashSet<>();
        int[] skuCounter = new int[nc];
        int width = Math.max(4, String.valueOf(count).length());
        for (int j = 0; j < count; j++) {
            Product p = new Product();
            p.index = j;
            p.id = String.format("p-%0" + width + "d", j + 1);
            p.category = categoryOf[j];
            Category cat = CATEGORIES.get(p.category);
            ProductType type = cat.types().get(rng.nextInt(cat.types().size()));
            p.sku = String.format("%s-%05d", cat.code(), ++skuCounter[p.category]);
            String title = null;
            for (int attempt = 0; attempt < 20 && (title == null || titles.contains(title)); attempt++) {
                title = BRANDS.get(rng.nextInt(BRANDS.size())) + " " + MODELS.get(rng.nextInt(MODELS.size())) + " "
                        + type.name();
            }
            for (int suffix = 2; titles.contains(title); suffix++) {
                title = title.replaceAll(" \\(\\d+\\)$", "") + " (" + suffix + ")";
            }
            titles.add(title);
            p.title = title;
            p.listPrice = charm(type.medianPrice() * Math.exp(DemoModel.PRICE_SIGMA * rng.nextGaussian()));
            p.cost = cents(p.listPrice * (DemoModel.COST_MIN + (DemoModel.COST_MAX - DemoModel.COST_MIN) * rng.nextDouble()));
            p.appeal = Math.exp(DemoModel.APPEAL_SIGMA * rng.nextGaussian());
            p.trend = DemoModel.TREND_SD * rng.nextGaussian();
            p.elasticity = DemoModel.ELASTICITY_MIN + (DemoModel.ELASTICITY_MAX - DemoModel.ELASTICITY_MIN) * rng.nextDouble();
            p.quality = DemoModel.QUALITY_SD * rng.nextGaussian();
            p.latent = new double[DemoModel.LATENT_DIM];
            for (int k = 0; k < p.latent.length; k++) {
                p.latent[k] = DemoModel.LATENT_SD * rng.nextGaussian();
            }
            p.launchDay = rng.nextDouble() < DemoModel.LATE_LAUNCH_SHARE
                    ? (int) (days * (0.15 + 0.7 * rng.nextDouble())) : 0;
            p.endDay = days;
            products.add(p);
        }
        // Price paths come from one stream per product and are drawn backwards from the end, so that the catalog
        // (whose price is the one in force at the end) does not depend on the number of days.
        for (Product p : products) {
            pricePath(p, days, priceStreams.apply(p.index));
        }
        // Hidden = discontinued: about 2 % of the products (at least one in a catalog of 20 or more), chosen among
        // those launched at the start so that each has a history before it disappears.
        int hiddenCount = count >= 20 ? Math.max(1, (int) Math.round(DemoModel.HIDDEN_SHARE * count)) : 0;
        for (int h = 0, guard = 0; h < hiddenCount && guard < 100 * count; guard++) {
            Product p = products.get(rng.nextInt(count));
            if (!p.hidden && p.launchDay == 0) {
                p.hidden = true;
                p.endDay = Math.max(1, (int) (days * (0.3 + 0.5 * rng.nextDouble())));
                h++;
            }
        }
        byCategory = new int[nc][];
        double[] logMedian = new double[nc];
        for (int c = 0; c < nc; c++) {
            final int cc = c;
            byCategory[c] = products.stream().filter(p -> p.category == cc).mapToInt(p -> p.index).toArray();
            logMedian[c] = Arrays.stream(byCategory[c]).mapToDouble(j -> Math.log(products.get(j).listPrice))
                    .average().orElse(0);
        }
        for (Product p : products) {
            p.logPriceRel = Math.log(p.listPrice) - logMedian[p.category];
        }
    }

    /** Products per category in proportion to the shares (largest remainder), categories in order when fewer. */
    private static int[] allocate(int count) {
        int nc = CATEGORIES.size();
        int[] per = new int[nc];
        double[] remainder = new double[nc];
        int given = 0;
        for (int c = 0; c < nc; c++) {
            double exact = count * CATEGORIES.get(c).share();
            per[c] = (int) Math.floor(exact);
            remainder[c] = exact - per[c];
            given += per[c];
        }
        while (given < count) {
            int best = 0;
            for (int c = 1; c < nc; c++) {
                if (remainder[c] > remainder[best]) {
                    best = c;
                }
            }
            per[best]++;
            remainder[best] = -1;
            given++;
        }
        // Interleave categories (p-0001 tents, p-0002 sleeping bags, ...) so small catalogs span many categories.
        int[] out = new int[count];
        int[] left = per.clone();
        for (int j = 0; j < count; ) {
            for (int c = 0; c < nc && j < count; c++) {
                if (left[c] > 0) {
                    left[c]--;
                    out[j++] = c;
                }
            }
        }
        return out;
    }

    /**
     * Price periods of 14–42 days, each at a relative level drawn from {@link DemoModel#PRICE_LEVELS}, generated from
     * the end of the history backwards (the last period first).
     */
    private static void pricePath(Product p, int days, RandomGenerator rng) {
        List<Integer> starts = new ArrayList<>();
        List<Double> prices = new ArrayList<>();
        int periodEnd = days;
        while (periodEnd > 0) {
            double level = DemoModel.PRICE_LEVELS[rng.nextInt(DemoModel.PRICE_LEVELS.length)];
            int length = DemoModel.PRICE_PERIOD_MIN
                    + rng.nextInt(DemoModel.PRICE_PERIOD_MAX - DemoModel.PRICE_PERIOD_MIN + 1);
            starts.add(0, Math.max(0, periodEnd - length));
            prices.add(0, level == 1.0 ? p.listPrice : charm(p.listPrice * level));
            periodEnd -= length;
        }
        p.periodStart = starts.stream().mapToInt(Integer::intValue).toArray();
        p.periodPrice = prices.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Yearly seasonality of category c on a day of the year, mean 1 over the year. */
    double season(int c, int dayOfYear) {
        Category cat = CATEGORIES.get(c);
        return Math.exp(cat.amplitude() * Math.cos(2 * Math.PI * (dayOfYear - cat.peakDay()) / 365.25)) / seasonNorm[c];
    }

    /** Shop prices: below 20 EUR the nearest 10 cents minus a cent (13.59), else the nearest euro minus a cent. */
    static double charm(double price) {
        if (price < 20) {
            return Math.max(0.49, cents(Math.round(price * 10) / 10.0 - 0.01));
        }
        return cents(Math.round(price) - 0.01);
    }

    static double cents(double amount) {
        return Math.round(amount * 100) / 100.0;
    }
}
