package dev.merchantry.platform.demo;

import dev.merchantry.platform.demo.DemoCatalog.Category;
import dev.merchantry.platform.demo.DemoCatalog.Product;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Generates the demo shop's data from a seeded generative model (docs/demo-data.md): a catalog of an outdoor store,
 * customers with latent tastes who visit, browse, buy, review and sometimes drop out (BG/NBD-like), demand with
 * trend, weekly and yearly seasonality and price elasticity, and inventory with replenishment and stock-outs.
 *
 * <p>Deterministic: the same scale, seed and end give byte-identical output (event ids {@code demo-1, demo-2, ...}
 * in chronological order), so re-seeding a shop is idempotent. The catalog depends only on the seed and the number
 * of products. Not thread-safe; {@link #generate} may be called again and repeats the same output.
 */
public final class DemoDataGenerator {

    /** The largest batch handed to the sink. */
    public static final int BATCH_SIZE = 1000;
    private static final int DAY_SECONDS = 86_400;
    private static final int SALES_WINDOW = 28;

    private final DemoScale scale;
    private final long seed;
    private final Instant end;
    private final Instant start;
    private Truth truth;

    /**
     * @param scale how many customers, products and days
     * @param seed  the random seed; the same seed gives the same data
     * @param end   the exclusive end of the history (normally a UTC midnight; truncated to whole seconds); the history
     *              covers the {@code scale.days()} 24-hour days before it
     */
    public DemoDataGenerator(DemoScale scale, long seed, Instant end) {
        this.scale = Objects.requireNonNull(scale, "scale");
        this.seed = seed;
        this.end = Objects.requireNonNull(end, "end").truncatedTo(ChronoUnit.SECONDS);
        this.start = this.end.minus(scale.days(), ChronoUnit.DAYS);
    }

    public DemoScale scale() {
        return scale;
    }

    public long seed() {
        return seed;
    }

    /** The inclusive start of the history. */
    public Instant start() {
        return start;
    }

    /** The exclusive end of the history. */
    public Instant end() {
        return end;
    }

    /** Generates everything into the sink: products, then events and inventory snapshots in time order. */
    public void generate(DemoSink sink) {
        generate(sink, null);
    }

    /**
     * As {@link #generate(DemoSink)}, but a pricing agent sets the prices of the last
     * {@value DemoModel#PRICING_DAYS} days (null: none). The history then depends on the agent's prices: the same
     * prices give the same output.
     */
    public void generate(DemoSink sink, DemoPricing pricing) {
        Objects.requireNonNull(sink, "sink");
        new Run(sink, pricing).run();
    }

    /** The latent truth of the last {@link #generate} call, for tests and evaluations (null before). */
    Truth truth() {
        return truth;
    }

    /** What the model drew but the data does not show directly. Arrays are indexed by customer or product index. */
    static final class Truth {
        int days;
        /** The UTC date of the history's last day. */
        LocalDate lastDate;
        DemoCatalog catalog;
        String[] customerIds;
        /** Premium tilt η_i. */
        double[] premium;
        double[][] theta;
        double[] lambda;
        double[] dropout;
        /** Day of the acquisition order; -1 for customers acquired before the history. */
        int[] joinDay;
        boolean[] born;
        boolean[] aliveAtEnd;
        int[] orders;
        double[] elasticity;
        double[] listPrice;
        int[] productCategory;
        /** a_ij = u_i · v_j. */
        double[][] customerLatent;
        double[][] productLatent;
        List<String> categoryNames;
        List<Product> products;

        /** The price product j was sold at on a day of the history. */
        double price(int product, int day) {
            return products.get(product).priceOn(day);
        }

        double affinity(int customer, int product) {
            return dot(customerLatent[customer], productLatent[product]);
        }
    }

    /** Random streams: one per part of the model, so the catalog does not change with the number of customers. */
    private RandomGenerator stream(int part) {
        return new Well19937c(new int[] {(int) (seed >>> 32), (int) seed, part, 0x6d65_7263});
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    /** A pending event: second of its day, creation order, type, who and properties. */
    private record Ev(int second, long seq, String type, String customer, String anonymous, JsonObject properties) {
    }

    /** A recommendation list shown within a day. */
    private record Imp(int second, long seq, String id, String strategy, String customer, String anonymous,
                       List<String> items) {
    }

    /** A pending inventory snapshot within a day. */
    private record Snap(int second, long seq, int product, int onHand) {
    }

    /** Something that happens at a moment of a day: a delivery, the stock review, a customer's or visitor's visit. */
    private record Item(int second, int kind, long seq, int who) {
        static final int DELIVERY = 0;
        static final int REVIEW = 1;
        static final int VISIT = 2;
        static final int ANONYMOUS = 3;
    }

    private static final Comparator<Item> ITEM_ORDER =
            Comparator.comparingInt(Item::second).thenComparingInt(Item::kind).thenComparingLong(Item::seq);

    /** One generation: all mutable state lives here. */
    private final class Run {
        private final DemoSink sink;
        private final DemoPricing pricing;
        private final int days = scale.days();
        private final int nCustomers = scale.customers();
        private final int nCategories = DemoCatalog.CATEGORIES.size();
        private final DemoCatalog catalog;
        private final List<Product> products;
        private final int nProducts;
        private final RandomGenerator rng;
        /** The widget's own stream: the rest of the history is the same with or without it. */
        private final RandomGenerator recRng;
        private long recCounter;
        private final List<JsonObject> impressionBatch = new ArrayList<>(BATCH_SIZE);
        private final List<Imp> dayImpressions = new ArrayList<>();

        // customers
        private final double[][] theta;
        private final double[][] latent;
        private final double[] lambda;
        private final double[] dropout;
        private final double[] premium;
        private final double[] basket;
        private final double[] raterBias;
        private final int[] joinDay;
        private final int[] joinSecond;
        private final boolean[] born;
        private final boolean[] alive;
        private final int[] orders;
        private final String[] customerIds;
        private int joinedSoFar;

        // products, per day
        private final double[] timeWeight;
        private final double[] price;
        /** The agent's price of the day before (0: none yet), and the products it prices (null before its days). */
        private final double[] agentPrice;
        private int[] priced;
        private final double[] conversion;
        private final double[] categoryFactor;
        private final boolean[] categoryActive;
        /** Category shares π_c: anonymous visitors' tastes. */
        private final double[] shares = DemoCatalog.CATEGORIES.stream().mapToDouble(Category::share).toArray();
        private final double[] choiceBuffer;

        // inventory
        private final int[] onHand;
        private final int[] deliveryDay;
        private final int[] deliveryQty;
        private final int[] deliverySecond;
        private final int[][] sales;
        private final long[] lastSnapshot;

        // output
        private final List<JsonObject> eventBatch = new ArrayList<>(BATCH_SIZE);
        private final List<JsonObject> inventoryBatch = new ArrayList<>(BATCH_SIZE);
        private final List<Ev>[] pending;
        private final List<Ev> dayEvents = new ArrayList<>();
        private final List<Snap> daySnaps = new ArrayList<>();
        private long seq;
        private long eventCounter;
        private long orderCounter;
        private int anonymousCounter;

        private final GammaDistribution dayNoise;
        private final GammaDistribution categoryNoise;

        @SuppressWarnings("unchecked")
        Run(DemoSink sink, DemoPricing pricing) {
            this.sink = sink;
            this.pricing = pricing;
            catalog = new DemoCatalog(scale.products(), days, stream(1), j -> stream(1_000_000 + j));
            products = catalog.products;
            nProducts = products.size();

            RandomGenerator crng = stream(2);
            theta = new double[nCustomers][nCategories];
            latent = new double[nCustomers][DemoModel.LATENT_DIM];
            lambda = new double[nCustomers];
            dropout = new double[nCustomers];
            premium = new double[nCustomers];
            basket = new double[nCustomers];
            raterBias = new double[nCustomers];
            joinDay = new int[nCustomers];
            joinSecond = new int[nCustomers];
            born = new boolean[nCustomers];
            alive = new boolean[nCustomers];
            orders = new int[nCustomers];
            customerIds = new String[nCustomers];
            drawCustomers(crng);

            rng = stream(3);
            recRng = stream(4);
            dayNoise = new GammaDistribution(rng, DemoModel.DAY_NOISE_SHAPE, 1 / DemoModel.DAY_NOISE_SHAPE);
            categoryNoise = new GammaDistribution(rng, DemoModel.CATEGORY_DAY_NOISE_SHAPE,
                    1 / DemoModel.CATEGORY_DAY_NOISE_SHAPE);
            timeWeight = new double[nProducts];
            price = new double[nProducts];
            agentPrice = new double[nProducts];
            conversion = new double[nProducts];
            categoryFactor = new double[nCategories];
            categoryActive = new boolean[nCategories];
            int widest = 1;
            for (int[] members : catalog.byCategory) {
                widest = Math.max(widest, members.length);
            }
            choiceBuffer = new double[widest];
            onHand = new int[nProducts];
            deliveryDay = new int[nProducts];
            Arrays.fill(deliveryDay, -1);
            deliveryQty = new int[nProducts];
            deliverySecond = new int[nProducts];
            sales = new int[nProducts][SALES_WINDOW];
            lastSnapshot = new long[nProducts];
            Arrays.fill(lastSnapshot, Long.MIN_VALUE);
            pending = new List[days];
        }

        private void drawCustomers(RandomGenerator crng) {
            GammaDistribution rate = new GammaDistribution(crng, DemoModel.BG_R, 1 / DemoModel.BG_ALPHA_DAYS);
            BetaDistribution drop = new BetaDistribution(crng, DemoModel.DROP_A, DemoModel.DROP_B);
            GammaDistribution basketDist = new GammaDistribution(crng, DemoModel.BASKET_SHAPE, 1 / DemoModel.BASKET_SHAPE);
            GammaDistribution[] taste = new GammaDistribution[nCategories];
            for (int c = 0; c < nCategories; c++) {
                taste[c] = new GammaDistribution(crng,
                        DemoModel.TASTE_CONCENTRATION * DemoCatalog.CATEGORIES.get(c).share(), 1);
            }
            // Join moments: density ∝ 1 + g·x on [0, 1) (inverse CDF), sorted so that ids follow sign-up order.
            long[] joins = new long[nCustomers];
            double g = DemoModel.JOIN_GROWTH;
            double maxWeekday = Arrays.stream(DemoModel.WEEKDAY).max().orElse(1);
            for (int i = 0; i < nCustomers; i++) {
                if (crng.nextDouble() < DemoModel.EXISTING_SHARE) {
                    joins[i] = -1; // acquired before the history: sorts first
                    continue;
                }
                int day;
                do { // sign-ups follow the weekday pattern too (rejection by ω(d) / max ω)
                    double u = crng.nextDouble();
                    double x = g == 0 ? u : (-1 + Math.sqrt(1 + 2 * g * u * (1 + g / 2))) / g;
                    day = Math.min(days - 1, (int) (x * days));
                } while (crng.nextDouble() * maxWeekday > DemoModel.WEEKDAY[dayOfWeek(day)]);
                joins[i] = (long) day * DAY_SECONDS + sampleSecond(crng);
            }
            Arrays.sort(joins);
            int width = Math.max(5, String.valueOf(nCustomers).length());
            for (int i = 0; i < nCustomers; i++) {
                customerIds[i] = String.format("c-%0" + width + "d", i + 1);
                joinDay[i] = joins[i] < 0 ? -1 : (int) (joins[i] / DAY_SECONDS);
                joinSecond[i] = joins[i] < 0 ? 0 : (int) (joins[i] % DAY_SECONDS);
                born[i] = joins[i] < 0;
                // Customers acquired before the history are survivors of a pre-history of U(0, PRE_HISTORY_DAYS)
                // days: redraw (λ, p) until the customer is still alive after n ~ Poisson(λ·age·β) purchases.
                for (int attempt = 0; ; attempt++) {
                    double raw = rate.sample();
                    lambda[i] = raw / (1 + raw / DemoModel.LAMBDA_MAX); // soft cap: ≈ raw when small, < LAMBDA_MAX
                    dropout[i] = drop.sample();
                    if (!born[i] || attempt >= 1000) {
                        break;
                    }
                    double age = DemoModel.PRE_HISTORY_DAYS * crng.nextDouble();
                    int purchases = DemoDataGenerator.poisson(crng, lambda[i] * age * DemoModel.CONVERSION);
                    if (crng.nextDouble() < Math.pow(1 - dropout[i], purchases)) {
                        break;
                    }
                }
                double sum = 0;
                for (int c = 0; c < nCategories; c++) {
                    theta[i][c] = taste[c].sample();
                    sum += theta[i][c];
                }
                for (int c = 0; c < nCategories; c++) {
                    theta[i][c] = sum > 0 ? theta[i][c] / sum : DemoCatalog.CATEGORIES.get(c).share();
                }
                for (int k = 0; k < DemoModel.LATENT_DIM; k++) {
                    latent[i][k] = DemoModel.LATENT_SD * crng.nextGaussian();
                }
                premium[i] = DemoModel.PREMIUM_SD * crng.nextGaussian();
                basket[i] = basketDist.sample();
                raterBias[i] = DemoModel.RATER_SD * crng.nextGaussian();
                alive[i] = true;
            }
        }

        void run() {
            List<JsonObject> productBatch = new ArrayList<>(BATCH_SIZE);
            for (Product p : products) {
                productBatch.add(p.toJson());
                if (productBatch.size() == BATCH_SIZE) {
                    sink.products(productBatch);
                    productBatch = new ArrayList<>(BATCH_SIZE);
                }
            }
            if (!productBatch.isEmpty()) {
                sink.products(productBatch);
            }
            for (int day = 0; day < days; day++) {
                simulateDay(day);
            }
            flushEvents();
            flushInventory();
            flushImpressions();
            recordTruth();
        }

        /** The UTC date of a day of the history (of its midpoint, should the end not be a midnight). */
        private LocalDate date(int day) {
            return start.plusSeconds((long) day * DAY_SECONDS + DAY_SECONDS / 2).atZone(ZoneOffset.UTC).toLocalDate();
        }

        /** 0 = Monday .. 6 = Sunday. */
        private int dayOfWeek(int day) {
            return date(day).getDayOfWeek().getValue() - 1;
        }

        private void simulateDay(int day) {
            LocalDate date = date(day);
            DayOfWeek dow = date.getDayOfWeek();
            double weekday = DemoModel.WEEKDAY[dow.getValue() - 1];
            double shopNoise = dayNoise.sample();
            Arrays.fill(categoryActive, false);
            for (int j = 0; j < nProducts; j++) {
                Product p = products.get(j);
                if (p.activeOn(day)) {
                    categoryActive[p.category] = true;
                    timeWeight[j] = p.timeWeight(day, days);
                } else {
                    timeWeight[j] = 0;
                }
                price[j] = p.priceOn(day);
                conversion[j] = DemoModel.CONVERSION * Math.pow(price[j] / p.listPrice, -p.elasticity);
            }
            for (int c = 0; c < nCategories; c++) {
                categoryFactor[c] = categoryActive[c] ? catalog.season(c, date.getDayOfYear()) * categoryNoise.sample() : 0;
            }
            for (int j = 0; j < nProducts; j++) {
                sales[j][day % SALES_WINDOW] = 0;
            }
            inventoryAtMidnight(day, dow == DayOfWeek.MONDAY);
            if (pricing != null && day >= days - DemoModel.PRICING_DAYS) {
                agentPrices(day);
            }

            List<Item> agenda = new ArrayList<>();
            for (int j = 0; j < nProducts; j++) {
                if (deliveryDay[j] == day) {
                    agenda.add(new Item(deliverySecond[j], Item.DELIVERY, seq++, j));
                }
            }
            agenda.add(new Item(6 * 3600, Item.REVIEW, seq++, dow == DayOfWeek.MONDAY ? 1 : 0));
            while (joinedSoFar < nCustomers && joinDay[joinedSoFar] <= day) {
                if (joinDay[joinedSoFar] == day) {
                    agenda.add(new Item(joinSecond[joinedSoFar], Item.VISIT, seq++, joinedSoFar));
                }
                joinedSoFar++;
            }
            for (int i = 0; i < joinedSoFar; i++) {
                if (!alive[i] || joinDay[i] == day) {
                    continue;
                }
                double interest = 0;
                for (int c = 0; c < nCategories; c++) {
                    interest += theta[i][c] * categoryFactor[c];
                }
                int visits = poisson(lambda[i] * weekday * shopNoise * interest);
                for (int v = 0; v < visits; v++) {
                    agenda.add(new Item(sampleSecond(rng), Item.VISIT, seq++, i));
                }
            }
            double growth = (1 + DemoModel.JOIN_GROWTH * (day + 0.5) / days) / (1 + DemoModel.JOIN_GROWTH / 2);
            int anonymous = poisson(DemoModel.ANON_RATE * nCustomers * growth * weekday * shopNoise);
            for (int v = 0; v < anonymous; v++) {
                agenda.add(new Item(sampleSecond(rng), Item.ANONYMOUS, seq++, -1));
            }
            agenda.sort(ITEM_ORDER);
            for (Item item : agenda) {
                switch (item.kind()) {
                    case Item.DELIVERY -> deliver(day, item.who(), item.second());
                    case Item.REVIEW -> review(day, item.who() == 1);
                    case Item.VISIT -> visit(day, item.who(), item.second());
                    default -> anonymousSession(day, item.second());
                }
            }
            if (pending[day] != null) {
                dayEvents.addAll(pending[day]);
                pending[day] = null;
            }
            emitDay(day);
        }

        /**
         * The agent prices the day: everything before the day is handed to the sink first (so the agent has learned
         * from the sales it can know of), then each of its products active that day gets the agent's price, and its
         * conversion follows with the product's elasticity (below 0.8 L_j it can reach 1: every visit to it buys).
         * On the first pricing day the shop hands the agent its best sellers of the four weeks before.
         */
        private void agentPrices(int day) {
            flushEvents();
            flushInventory();
            flushImpressions();
            if (priced == null) {
                priced = bestSellers(day);
            }
            List<DemoPricing.Request> requests = new ArrayList<>();
            for (int j : priced) {
                Product p = products.get(j);
                if (p.activeOn(day)) {
                    double yesterday = agentPrice[j] > 0 ? agentPrice[j] : p.priceOn(Math.max(0, day - 1));
                    requests.add(new DemoPricing.Request(p.id, p.listPrice, yesterday, Math.max(0, onHand[j])));
                }
            }
            java.util.Map<String, Double> decided = pricing.prices(start.plusSeconds((long) day * DAY_SECONDS),
                    requests);
            for (int j : priced) {
                Double p = decided.get(products.get(j).id);
                if (p != null && p > 0 && products.get(j).activeOn(day)) {
                    agentPrice[j] = p;
                    price[j] = p;
                    conversion[j] = DemoModel.CONVERSION * Math.pow(p / products.get(j).listPrice,
                            -products.get(j).elasticity);
                }
            }
        }

        /** The visible products active on {@code day} that sold the most units in the 27 days before it. */
        private int[] bestSellers(int day) {
            List<Integer> candidates = new ArrayList<>();
            int[] sold = new int[nProducts];
            for (int j = 0; j < nProducts; j++) {
                if (products.get(j).activeOn(day) && !products.get(j).hidden) {
                    candidates.add(j);
                    for (int units : sales[j]) {
                        sold[j] += units; // the window's slot of today was just cleared
                    }
                }
            }
            candidates.sort(Comparator.comparingInt((Integer j) -> -sold[j]).thenComparingInt(j -> j));
            return candidates.stream().limit(DemoModel.PRICED_PRODUCTS).mapToInt(Integer::intValue).toArray();
        }

        // ---- inventory -------------------------------------------------------------------------------------------

        private void inventoryAtMidnight(int day, boolean monday) {
            for (int j = 0; j < nProducts; j++) {
                Product p = products.get(j);
                if (day == p.launchDay) {
                    onHand[j] = DemoModel.INITIAL_STOCK + poisson(DemoModel.INITIAL_STOCK);
                    snapshot(day, 0, j);
                } else if (day == p.endDay) {
                    onHand[j] = 0;
                    deliveryDay[j] = -1;
                    snapshot(day, 0, j);
                } else if (monday && p.activeOn(day)) {
                    snapshot(day, 0, j);
                }
            }
        }

        /** Morning stock review: weekly for every product, daily for those out of stock. */
        private void review(int day, boolean weekly) {
            double expectedLeadWeeks = (DemoModel.LEAD_MIN + DemoModel.LEAD_EXTRA) / 7.0;
            for (int j = 0; j < nProducts; j++) {
                if (!products.get(j).activeOn(day) || deliveryDay[j] >= day || !(weekly || onHand[j] == 0)) {
                    continue;
                }
                int sold = 0;
                for (int s : sales[j]) {
                    sold += s;
                }
                double weeklyDemand = Math.max(DemoModel.MIN_WEEKLY, sold / 4.0);
                int reorderPoint = (int) Math.ceil(weeklyDemand * (1 + expectedLeadWeeks)) + 1;
                if (onHand[j] > reorderPoint) {
                    continue;
                }
                int lead = DemoModel.LEAD_MIN + poisson(DemoModel.LEAD_EXTRA);
                if (rng.nextDouble() < DemoModel.DELAY_PROBABILITY) {
                    lead += 7 + rng.nextInt(15);
                }
                deliveryDay[j] = day + Math.max(1, lead);
                deliveryQty[j] = reorderPoint + (int) Math.ceil(DemoModel.COVER_WEEKS * weeklyDemand) - onHand[j];
                deliverySecond[j] = 9 * 3600 + rng.nextInt(4 * 3600);
            }
        }

        private void deliver(int day, int j, int second) {
            if (!products.get(j).activeOn(day)) {
                deliveryDay[j] = -1;
                return;
            }
            boolean wasOut = onHand[j] == 0;
            onHand[j] += deliveryQty[j];
            deliveryDay[j] = -1;
            if (wasOut) {
                snapshot(day, second, j);
            }
        }

        private void snapshot(int day, int second, int j) {
            long at = (long) day * DAY_SECONDS + second;
            if (at <= lastSnapshot[j]) {
                at = lastSnapshot[j] + 1;
            }
            lastSnapshot[j] = at;
            daySnaps.add(new Snap((int) (at - (long) day * DAY_SECONDS), seq++, j, onHand[j]));
        }

        private void sell(int day, int second, int j, int quantity) {
            onHand[j] -= quantity;
            sales[j][day % SALES_WINDOW] += quantity;
            if (onHand[j] == 0) {
                snapshot(day, second, j);
            }
        }

        // ---- customers -------------------------------------------------------------------------------------------

        private int sampleCategory(double[] weights) {
            double total = 0;
            for (int c = 0; c < nCategories; c++) {
                total += weights[c] * categoryFactor[c];
            }
            if (total <= 0) {
                return -1;
            }
            double x = rng.nextDouble() * total;
            int last = -1;
            for (int c = 0; c < nCategories; c++) {
                double w = weights[c] * categoryFactor[c];
                if (w > 0) {
                    last = c;
                    x -= w;
                    if (x < 0) {
                        return c;
                    }
                }
            }
            return last;
        }

        /** Picks a product of category c: appeal × time × (customer's affinity and premium tilt); -1 if none. */
        private int chooseProduct(int customer, int c, boolean inStockOnly) {
            int[] members = catalog.byCategory[c];
            double total = 0;
            for (int k = 0; k < members.length; k++) {
                int j = members[k];
                double w = timeWeight[j];
                if (w > 0 && inStockOnly && onHand[j] <= 0) {
                    w = 0;
                }
                if (w > 0 && customer >= 0) {
                    Product p = products.get(j);
                    w *= Math.exp(dot(latent[customer], p.latent) + premium[customer] * p.logPriceRel);
                }
                choiceBuffer[k] = w;
                total += w;
            }
            if (total <= 0) {
                return -1;
            }
            double x = rng.nextDouble() * total;
            int last = -1;
            for (int k = 0; k < members.length; k++) {
                if (choiceBuffer[k] > 0) {
                    last = members[k];
                    x -= choiceBuffer[k];
                    if (x < 0) {
                        return members[k];
                    }
                }
            }
            return last;
        }

        private void visit(int day, int i, int decisionSecond) {
            if (!alive[i]) {
                return;
            }
            int c = sampleCategory(theta[i]);
            if (c < 0) {
                return;
            }
            Session session = new Session(day, decisionSecond, customerIds[i], null);
            if (!born[i]) {
                // Acquisition: the newcomer browses the category until a product converts.
                for (int attempt = 0; attempt < DemoModel.ACQUISITION_TRIES; attempt++) {
                    int j = chooseProduct(i, c, false);
                    if (j < 0) {
                        break;
                    }
                    session.view(j);
                    if (onHand[j] > 0 && rng.nextDouble() < conversion[j]) {
                        purchase(session, i, c, j);
                        born[i] = true;
                        session.close();
                        return;
                    }
                }
                session.close();
                return;
            }
            int extra = poisson(DemoModel.EXTRA_VIEWS);
            for (int e = 0; e < extra; e++) {
                int j = chooseProduct(i, c, false);
                if (j >= 0) {
                    session.view(j);
                }
            }
            int j = chooseProduct(i, c, false);
            if (j < 0) {
                session.close();
                return;
            }
            session.view(j);
            if (onHand[j] <= 0) {
                j = rng.nextDouble() < DemoModel.SUBSTITUTE ? chooseProduct(i, c, true) : -1;
                if (j < 0) {
                    session.close();
                    return;
                }
                session.view(j);
            }
            recommend(session, day, c, j, DemoModel.REC_CUSTOMER_STRATEGY);
            if (rng.nextDouble() < conversion[j]) {
                purchase(session, i, c, j);
                if (rng.nextDouble() < dropout[i]) {
                    alive[i] = false; // BG/NBD: may drop out after each repeat purchase
                }
            } else if (rng.nextDouble() < DemoModel.ABANDON_ADD) {
                session.addAtDecision(j, 1);
                if (rng.nextDouble() < DemoModel.ABANDON_REMOVE) {
                    session.after("Product Removed", session.productProperties(j).put("quantity", 1));
                }
            }
            session.close();
        }

        private void purchase(Session session, int i, int c, int target) {
            List<int[]> lines = new ArrayList<>();
            lines.add(new int[] {target, Math.min(quantity(target), onHand[target])});
            session.add(target, lines.get(0)[1]);
            int extra = poisson(DemoModel.CROSS_SELL * basket[i]);
            for (int e = 0; e < extra; e++) {
                Category cat = DemoCatalog.CATEGORIES.get(c);
                int c2 = rng.nextDouble() < DemoModel.COMPLEMENT_SHARE
                        ? cat.complements()[rng.nextInt(cat.complements().length)] : sampleCategory(theta[i]);
                if (c2 < 0 || !categoryActive[c2]) {
                    continue;
                }
                int j2 = chooseProduct(i, c2, true);
                if (j2 < 0 || lines.stream().anyMatch(l -> l[0] == j2)) {
                    continue;
                }
                session.view(j2);
                if (rng.nextDouble() < conversion[j2]) {
                    int q = Math.min(quantity(j2), onHand[j2]);
                    session.add(j2, q);
                    lines.add(new int[] {j2, q});
                }
            }
            String orderId = String.format("o-%06d", ++orderCounter);
            JsonArray items = new JsonArray();
            double revenue = 0;
            double refund = 0;
            for (int[] line : lines) {
                int j = line[0];
                int q = Math.min(line[1], onHand[j]);
                sell(session.day, session.decision, j, q);
                items.add(new JsonObject().put("product_id", products.get(j).id).put("price", price[j]).put("quantity", q));
                revenue += price[j] * q;
                Product p = products.get(j);
                double satisfaction = p.quality + DemoModel.AFFINITY_IN_RATING * dot(latent[i], p.latent) + raterBias[i]
                        + DemoModel.SATISFACTION_NOISE * rng.nextGaussian();
                if (rng.nextDouble() < DemoModel.REVIEW_PROBABILITY) {
                    double rating = Math.max(1, Math.min(5, Math.round(2 * (DemoModel.RATING_BASE + satisfaction)) / 2.0));
                    int delay = DemoModel.REVIEW_DELAY_MIN
                            + rng.nextInt(DemoModel.REVIEW_DELAY_MAX - DemoModel.REVIEW_DELAY_MIN + 1);
                    later(session.day + delay, "Product Reviewed", customerIds[i], new JsonObject()
                            .put("product_id", p.id).put("rating", rating)
                            .put("category", DemoCatalog.CATEGORIES.get(p.category).name()));
                }
                if (satisfaction + DemoModel.REFUND_NOISE * rng.nextGaussian() < DemoModel.REFUND_THRESHOLD) {
                    refund += price[j] * q;
                }
            }
            session.order(new JsonObject().put("order_id", orderId).put("revenue", DemoCatalog.cents(revenue))
                    .put("currency", DemoModel.CURRENCY).put("products", items));
            if (refund > 0) {
                int delay = DemoModel.REFUND_DELAY_MIN
                        + rng.nextInt(DemoModel.REFUND_DELAY_MAX - DemoModel.REFUND_DELAY_MIN + 1);
                later(session.day + delay, "Order Refunded", customerIds[i], new JsonObject().put("order_id", orderId)
                        .put("revenue", DemoCatalog.cents(refund)).put("currency", DemoModel.CURRENCY));
            }
            orders[i]++;
        }

        private int quantity(int j) {
            double list = products.get(j).listPrice;
            double mean = list < 40 ? DemoModel.QTY_CHEAP : list < 100 ? DemoModel.QTY_MID : 0;
            return 1 + (mean > 0 ? poisson(mean) : 0);
        }

        private void anonymousSession(int day, int decisionSecond) {
            String visitor;
            if (anonymousCounter > 0 && rng.nextDouble() < DemoModel.ANON_RETURNING) {
                visitor = anonymousId(1 + rng.nextInt(anonymousCounter));
            } else {
                visitor = anonymousId(++anonymousCounter);
            }
            int c = sampleCategory(shares);
            if (c < 0) {
                return;
            }
            Session session = new Session(day, decisionSecond, null, visitor);
            int views = 1 + poisson(DemoModel.ANON_VIEWS);
            int last = -1;
            for (int v = 0; v < views; v++) {
                int j = chooseProduct(-1, c, false);
                if (j >= 0) {
                    session.view(j);
                    last = j;
                }
            }
            if (last >= 0) {
                recommend(session, day, c, last, DemoModel.REC_VISITOR_STRATEGY);
            }
            if (last >= 0 && onHand[last] > 0 && rng.nextDouble() < DemoModel.ANON_ADD) {
                session.addAtDecision(last, 1);
            }
            session.close();
        }

        /**
         * The widget during the last {@link DemoModel#REC_DAYS} days: a list of products of the visit's category is
         * shown at the session's first page; with {@link DemoModel#REC_CLICK_SHARE} the deciding product {@code j}
         * was reached by clicking it there (the list holds it, the view of it is preceded by a click naming the list,
         * and a cart add of it carries the list's id too). Draws only from its own stream.
         */
        private void recommend(Session session, int day, int c, int j, String strategy) {
            if (day < days - DemoModel.REC_DAYS) {
                return;
            }
            int[] members = Arrays.stream(catalog.byCategory[c])
                    .filter(m -> m == j || products.get(m).activeOn(day) && !products.get(m).hidden).toArray();
            List<String> items = new ArrayList<>();
            for (int tries = 0; items.size() < Math.min(DemoModel.REC_LIST, members.length) && tries < 50; tries++) {
                String id = products.get(members[recRng.nextInt(members.length)]).id;
                if (!items.contains(id)) {
                    items.add(id);
                }
            }
            boolean clicked = recRng.nextDouble() < DemoModel.REC_CLICK_SHARE;
            String target = products.get(j).id;
            if (clicked && !items.contains(target)) {
                items.set(recRng.nextInt(items.size()), target);
            }
            session.shown(String.format("demo-rec-%06d", ++recCounter), strategy, items, clicked ? j : -1);
        }

        private String anonymousId(int n) {
            return String.format("a-%05d", n);
        }

        /** Schedules an event on a later day (dropped when that day is past the end). */
        private void later(int day, String type, String customer, JsonObject properties) {
            if (day >= days) {
                return;
            }
            if (pending[day] == null) {
                pending[day] = new ArrayList<>();
            }
            pending[day].add(new Ev(sampleSecond(rng), seq++, type, customer, null, properties));
        }

        /**
         * A visit's events. Everything up to the decision (views, cart adds) is dated backwards from the decision
         * moment, at which stock is checked and the order placed, so that sales and stock snapshots agree exactly.
         */
        private final class Session {
            final int day;
            final int decision;
            final String customer;
            final String anonymous;
            final List<String> beforeTypes = new ArrayList<>();
            final List<JsonObject> beforeProps = new ArrayList<>();
            String decisionType;
            JsonObject decisionProps;
            final List<String> afterTypes = new ArrayList<>();
            final List<JsonObject> afterProps = new ArrayList<>();
            /** The list the widget showed in this visit (null: none), and the product clicked in it (-1: none). */
            String recId;
            String recStrategy;
            List<String> recItems;
            int recClicked = -1;

            Session(int day, int decision, String customer, String anonymous) {
                this.day = day;
                this.decision = decision;
                this.customer = customer;
                this.anonymous = anonymous;
            }

            JsonObject productProperties(int j) {
                Product p = products.get(j);
                return new JsonObject().put("product_id", p.id).put("sku", p.sku)
                        .put("category", DemoCatalog.CATEGORIES.get(p.category).name()).put("price", price[j])
                        .put("currency", DemoModel.CURRENCY);
            }

            void view(int j) {
                beforeTypes.add("Product Viewed");
                beforeProps.add(productProperties(j));
            }

            void add(int j, int quantity) {
                beforeTypes.add("Product Added");
                beforeProps.add(fromList(j, productProperties(j).put("quantity", quantity)));
            }

            void addAtDecision(int j, int quantity) {
                decisionType = "Product Added";
                decisionProps = fromList(j, productProperties(j).put("quantity", quantity));
            }

            void shown(String id, String strategy, List<String> items, int clicked) {
                recId = id;
                recStrategy = strategy;
                recItems = items;
                recClicked = clicked;
            }

            /** A cart add of the product clicked in the list names the list. */
            private JsonObject fromList(int j, JsonObject properties) {
                return j == recClicked ? properties.put("recommendation_id", recId).put("strategy_id", recStrategy)
                        : properties;
            }

            void order(JsonObject properties) {
                decisionType = "Order Completed";
                decisionProps = properties;
            }

            void after(String type, JsonObject properties) {
                afterTypes.add(type);
                afterProps.add(properties);
            }

            void close() {
                int n = beforeTypes.size();
                int[] seconds = new int[n];
                double t = decision;
                if (decisionType == null && n > 0) {
                    t += gap(); // no decision event: the last view is a moment before the visit's end
                }
                for (int k = n - 1; k >= 0; k--) {
                    t -= gap();
                    seconds[k] = (int) Math.max(0, Math.round(t));
                }
                // The list is shown at the first page of the visit, or just before the click that leaves it.
                int clickAt = -1;
                if (recClicked >= 0) {
                    String clickedId = products.get(recClicked).id;
                    for (int k = n - 1; k >= 0; k--) {
                        if ("Product Viewed".equals(beforeTypes.get(k))
                                && clickedId.equals(beforeProps.get(k).getString("product_id"))) {
                            clickAt = k;
                            break;
                        }
                    }
                }
                if (recId != null) {
                    int shownAt = clickAt >= 0 ? seconds[clickAt] : n > 0 ? seconds[0] : decision;
                    dayImpressions.add(new Imp(Math.max(0, shownAt - 2), seq++, recId, recStrategy, customer, anonymous,
                            recItems));
                }
                for (int k = 0; k < n; k++) {
                    if (k == clickAt) {
                        dayEvents.add(new Ev(seconds[k], seq++, "Product Clicked", customer, anonymous,
                                productProperties(recClicked).put("recommendation_id", recId)
                                        .put("strategy_id", recStrategy)));
                    }
                    dayEvents.add(new Ev(seconds[k], seq++, beforeTypes.get(k), customer, anonymous, beforeProps.get(k)));
                }
                if (decisionType != null) {
                    dayEvents.add(new Ev(decision, seq++, decisionType, customer, anonymous, decisionProps));
                }
                double after = decision;
                for (int k = 0; k < afterTypes.size(); k++) {
                    after += gap();
                    dayEvents.add(new Ev((int) Math.min(DAY_SECONDS - 1, Math.round(after)), seq++, afterTypes.get(k),
                            customer, anonymous, afterProps.get(k)));
                }
            }

            private double gap() {
                return 10 - DemoModel.EVENT_GAP_SECONDS * Math.log(1 - rng.nextDouble());
            }
        }

        // ---- output ----------------------------------------------------------------------------------------------

        private void emitDay(int day) {
            dayEvents.sort(Comparator.comparingInt(Ev::second).thenComparingLong(Ev::seq));
            Instant dayStart = start.plusSeconds((long) day * DAY_SECONDS);
            for (Ev ev : dayEvents) {
                JsonObject json = new JsonObject().put("event_id", "demo-" + (++eventCounter)).put("type", ev.type())
                        .put("timestamp", dayStart.plusSeconds(ev.second()).toString());
                if (ev.customer() != null) {
                    json.put("customer_id", ev.customer());
                } else {
                    json.put("anonymous_id", ev.anonymous());
                }
                json.put("properties", ev.properties());
                eventBatch.add(json);
                if (eventBatch.size() == BATCH_SIZE) {
                    flushEvents();
                }
            }
            dayEvents.clear();
            dayImpressions.sort(Comparator.comparingInt(Imp::second).thenComparingLong(Imp::seq));
            for (Imp imp : dayImpressions) {
                JsonObject json = new JsonObject().put("recommendation_id", imp.id())
                        .put("timestamp", dayStart.plusSeconds(imp.second()).toString()).put("strategy", imp.strategy());
                if (imp.customer() != null) {
                    json.put("customer_id", imp.customer());
                } else {
                    json.put("anonymous_id", imp.anonymous());
                }
                impressionBatch.add(json.put("items", new JsonArray(new ArrayList<>(imp.items()))));
                if (impressionBatch.size() == BATCH_SIZE) {
                    flushImpressions();
                }
            }
            dayImpressions.clear();
            daySnaps.sort(Comparator.comparingInt(Snap::second).thenComparingLong(Snap::seq));
            for (Snap snap : daySnaps) {
                inventoryBatch.add(new JsonObject().put("product_id", products.get(snap.product()).id)
                        .put("on_hand", snap.onHand()).put("timestamp", dayStart.plusSeconds(snap.second()).toString()));
                if (inventoryBatch.size() == BATCH_SIZE) {
                    flushInventory();
                }
            }
            daySnaps.clear();
        }

        private void flushEvents() {
            if (!eventBatch.isEmpty()) {
                sink.events(new ArrayList<>(eventBatch));
                eventBatch.clear();
            }
        }

        private void flushImpressions() {
            if (!impressionBatch.isEmpty()) {
                sink.impressions(new ArrayList<>(impressionBatch));
                impressionBatch.clear();
            }
        }

        private void flushInventory() {
            if (!inventoryBatch.isEmpty()) {
                sink.inventory(new ArrayList<>(inventoryBatch));
                inventoryBatch.clear();
            }
        }

        private void recordTruth() {
            Truth t = new Truth();
            t.days = days;
            t.lastDate = date(days - 1);
            t.catalog = catalog;
            t.customerIds = customerIds;
            t.premium = premium;
            t.theta = theta;
            t.lambda = lambda;
            t.dropout = dropout;
            t.joinDay = joinDay;
            t.born = born;
            t.aliveAtEnd = alive;
            t.orders = orders;
            t.customerLatent = latent;
            t.elasticity = products.stream().mapToDouble(p -> p.elasticity).toArray();
            t.listPrice = products.stream().mapToDouble(p -> p.listPrice).toArray();
            t.productCategory = products.stream().mapToInt(p -> p.category).toArray();
            t.productLatent = products.stream().map(p -> p.latent).toArray(double[][]::new);
            t.categoryNames = DemoCatalog.CATEGORIES.stream().map(Category::name).toList();
            t.products = products;
            truth = t;
        }

        // ---- sampling --------------------------------------------------------------------------------------------

        private int poisson(double mean) {
            return DemoDataGenerator.poisson(rng, mean);
        }
    }

    /** Poisson variate: inversion for small means, Commons Math above 30. */
    static int poisson(RandomGenerator rng, double mean) {
        if (!(mean > 0)) {
            return 0;
        }
        if (mean > 30) {
            return (int) new PoissonDistribution(rng, mean, PoissonDistribution.DEFAULT_EPSILON,
                    PoissonDistribution.DEFAULT_MAX_ITERATIONS).sample();
        }
        double u = rng.nextDouble();
        double p = Math.exp(-mean);
        double cumulative = p;
        int k = 0;
        while (u > cumulative && k < 1000) {
            k++;
            p *= mean / k;
            cumulative += p;
        }
        return k;
    }

    private static final double[] HOUR_CUMULATIVE;

    static {
        HOUR_CUMULATIVE = new double[24];
        double sum = 0;
        for (int h = 0; h < 24; h++) {
            sum += DemoModel.HOUR_WEIGHTS[h];
            HOUR_CUMULATIVE[h] = sum;
        }
        for (int h = 0; h < 24; h++) {
            HOUR_CUMULATIVE[h] /= sum;
        }
    }

    /** A second of the day: the hour by {@link DemoModel#HOUR_WEIGHTS}, then uniform within it. */
    static int sampleSecond(RandomGenerator rng) {
        double u = rng.nextDouble();
        int h = 0;
        while (h < 23 && u > HOUR_CUMULATIVE[h]) {
            h++;
        }
        return h * 3600 + rng.nextInt(3600);
    }
}
