package dev.merchantry.platform.demo;

/**
 * The parameters of the demo generative model, one place for all of them. Each constant is named in
 * docs/demo-data.md, which gives the equations they enter; change both together.
 */
final class DemoModel {

    private DemoModel() {
    }

    static final String CURRENCY = "EUR";

    // ---- time ------------------------------------------------------------------------------------------------
    /** Raw weekday multipliers, Monday..Sunday; normalized to mean 1 in {@link #WEEKDAY}. */
    private static final double[] WEEKDAY_RAW = {0.90, 0.85, 0.90, 0.95, 1.00, 1.30, 1.40};
    /** Weekday multiplier ω(d), Monday..Sunday, mean 1 (weekend/weekday ratio ≈ 1.47). */
    static final double[] WEEKDAY = normalize(WEEKDAY_RAW);
    /** Relative shopping activity by UTC hour (a European shop: evening peak). */
    static final double[] HOUR_WEIGHTS = {0.40, 0.20, 0.15, 0.10, 0.10, 0.20, 0.50, 0.90, 1.10, 1.20, 1.30, 1.40,
        1.50, 1.40, 1.30, 1.30, 1.40, 1.60, 1.90, 2.10, 2.00, 1.60, 1.10, 0.70};
    /** Shape of the daily shop-wide noise G_t ~ Gamma(k, 1/k) (mean 1, CV = 1/√k ≈ 0.14). */
    static final double DAY_NOISE_SHAPE = 50;
    /** Shape of the daily per-category noise H_{c,t} ~ Gamma(k, 1/k) (mean 1, CV = 0.2: weather, promotions). */
    static final double CATEGORY_DAY_NOISE_SHAPE = 25;

    // ---- catalog ---------------------------------------------------------------------------------------------
    /** σ of ln(list price) around its product type's median. */
    static final double PRICE_SIGMA = 0.25;
    /** Unit cost = list price × U(COST_MIN, COST_MAX). */
    static final double COST_MIN = 0.45;
    static final double COST_MAX = 0.70;
    /** Product appeal w_j ~ LogNormal(0, APPEAL_SIGMA²): a long tail of popularity. */
    static final double APPEAL_SIGMA = 0.8;
    /** Product trend τ_j ~ N(0, TREND_SD²) in log-demand per year. */
    static final double TREND_SD = 0.3;
    /** Share of products launched during the history (not at its start), launch day ~ U(0.15·D, 0.85·D). */
    static final double LATE_LAUNCH_SHARE = 0.10;
    /** Days for a new product's appeal to ramp up: ramp = 1 − exp(−age / LAUNCH_RAMP_DAYS). */
    static final double LAUNCH_RAMP_DAYS = 21;
    /** Share of products hidden (discontinued at a day ~ U(0.3·D, 0.8·D); no activity afterwards). */
    static final double HIDDEN_SHARE = 0.02;
    /** Price elasticity ε_j ~ U(ELASTICITY_MIN, ELASTICITY_MAX). */
    static final double ELASTICITY_MIN = 1.0;
    static final double ELASTICITY_MAX = 3.0;
    /** Relative price levels a price period draws from uniformly. */
    static final double[] PRICE_LEVELS = {0.80, 0.85, 0.90, 0.95, 1.00, 1.05, 1.10, 1.15, 1.20};
    /** Price period length in days ~ U{PRICE_PERIOD_MIN..PRICE_PERIOD_MAX}. */
    static final int PRICE_PERIOD_MIN = 14;
    static final int PRICE_PERIOD_MAX = 42;
    /** Product quality q_j ~ N(0, QUALITY_SD²) (enters satisfaction, hence ratings and refunds). */
    static final double QUALITY_SD = 0.5;

    // ---- customers -------------------------------------------------------------------------------------------
    /** BG/NBD: visit rate λ_i ~ Gamma(shape BG_R, rate BG_ALPHA_DAYS) per day. */
    static final double BG_R = 0.24;
    /** CDNOW's α = 4.4 weeks = 30.8 days, divided by {@link #BG_ALPHA_RESCALE} (visits, not purchases, and a busier shop). */
    static final double BG_ALPHA_WEEKS = 4.4;
    static final double BG_ALPHA_RESCALE = 200.0;
    static final double BG_ALPHA_DAYS = BG_ALPHA_WEEKS * 7 / BG_ALPHA_RESCALE;
    /** λ_i = λ̃_i / (1 + λ̃_i / LAMBDA_MAX) with λ̃_i ~ Gamma: a soft cap, nobody visits more than this often per day. */
    static final double LAMBDA_MAX = 0.9;
    /** BG/NBD: drop-out probability after each purchase p_i ~ Beta(DROP_A, DROP_B). */
    static final double DROP_A = 0.79;
    static final double DROP_B = 2.43;
    /**
     * Share of customers acquired before the history starts (already born, no acquisition order in the data), drawn
     * from the survivors of a pre-history of U(0, PRE_HISTORY_DAYS) days.
     */
    static final double PRE_HISTORY_DAYS = 365;
    static final double EXISTING_SHARE = 0.3;
    /** Join days of the others: density ∝ 1 + JOIN_GROWTH · t/D on [0, D) (the shop acquires customers ever faster). */
    static final double JOIN_GROWTH = 1.5;
    /** Category taste θ_i ~ Dirichlet(TASTE_CONCENTRATION · π). */
    static final double TASTE_CONCENTRATION = 3.0;
    /** Latent item affinity a_ij = u_i · v_j with u, v ~ N(0, LATENT_SD² I) in LATENT_DIM dimensions (sd(a) = 1). */
    static final int LATENT_DIM = 4;
    static final double LATENT_SD = Math.sqrt(0.5);
    /** Premium tilt η_i ~ N(0, PREMIUM_SD²): weight × (L_j / m_c)^η_i. */
    static final double PREMIUM_SD = 0.6;
    /** Basket propensity ζ_i ~ Gamma(BASKET_SHAPE, 1/BASKET_SHAPE); extra lines per order ~ Poisson(CROSS_SELL · ζ_i). */
    static final double BASKET_SHAPE = 2.0;
    static final double CROSS_SELL = 0.35;
    /** Probability that a cross-sold line is from a complementary category (else from the customer's taste). */
    static final double COMPLEMENT_SHARE = 0.6;
    /** Rater bias b_i ~ N(0, RATER_SD²). */
    static final double RATER_SD = 0.4;

    // ---- sessions --------------------------------------------------------------------------------------------
    /** Conversion of a visit's target product: β · (price / list)^(−ε_j). */
    static final double CONVERSION = 0.5;
    /** Extra browsing views per session ~ Poisson(EXTRA_VIEWS). */
    static final double EXTRA_VIEWS = 0.5;
    /** A target that is out of stock is replaced by an in-stock product of its category with this probability. */
    static final double SUBSTITUTE = 0.5;
    /** A non-converting visit adds to cart (and abandons) with this probability; removes it with the next one. */
    static final double ABANDON_ADD = 0.25;
    static final double ABANDON_REMOVE = 0.4;
    /** A joining customer's first visit keeps browsing until a product converts, at most this many products. */
    static final int ACQUISITION_TRIES = 10;
    /** Quantity: 1 + Poisson(μ) with μ by list price: below 40 EUR 0.5, below 100 EUR 0.1, else 0. */
    static final double QTY_CHEAP = 0.5;
    static final double QTY_MID = 0.1;
    /** Anonymous sessions per day = ANON_RATE · customers · growth(t) · ω · G_t. */
    static final double ANON_RATE = 0.002;
    /** An anonymous session is by a returning visitor with this probability. */
    static final double ANON_RETURNING = 0.3;
    /** Anonymous sessions: views ~ 1 + Poisson(ANON_VIEWS); add to cart with ANON_ADD. */
    static final double ANON_VIEWS = 1.2;
    static final double ANON_ADD = 0.1;

    // ---- the recommendation widget: the demo shop's performance report (docs/demo-data.md) ---------------------
    /** The widget shows a list on every product-page visit of the last REC_DAYS days of the history. */
    static final int REC_DAYS = 28;
    /** Share of visits whose deciding product page the shopper reached by clicking it in the list. */
    static final double REC_CLICK_SHARE = 0.25;
    /** Products per list. */
    static final int REC_LIST = 4;
    /** The strategy named on lists shown to known customers and to anonymous visitors (as serving would). */
    static final String REC_CUSTOMER_STRATEGY = "item-knn";
    static final String REC_VISITOR_STRATEGY = "popular";
    /**
     * With a pricing agent (serve --demo), the shop hands it its PRICED_PRODUCTS best sellers (units sold in the four
     * weeks before) for the last PRICING_DAYS days of the history, and it sets their price every day
     * (docs/demo-data.md).
     */
    static final int PRICING_DAYS = 14;
    static final int PRICED_PRODUCTS = 30;
    /** Mean gap between a session's events, seconds (exponential, plus 10 s). */
    static final double EVENT_GAP_SECONDS = 90;

    // ---- after the purchase ----------------------------------------------------------------------------------
    /** Satisfaction S = q_j + AFFINITY_IN_RATING · a_ij + b_i + N(0, SATISFACTION_NOISE²). */
    static final double AFFINITY_IN_RATING = 0.8;
    static final double SATISFACTION_NOISE = 0.6;
    /** Rating = clamp(round_½(RATING_BASE + S), 1, 5). */
    static final double RATING_BASE = 3.5;
    /** Each purchased line is reviewed with this probability, REVIEW_DELAY_MIN..MAX days later. */
    static final double REVIEW_PROBABILITY = 0.25;
    static final int REVIEW_DELAY_MIN = 3;
    static final int REVIEW_DELAY_MAX = 30;
    /** A line is refunded when S + N(0, REFUND_NOISE²) < REFUND_THRESHOLD, REFUND_DELAY_MIN..MAX days later. */
    static final double REFUND_NOISE = 0.5;
    static final double REFUND_THRESHOLD = -2.0;
    static final int REFUND_DELAY_MIN = 3;
    static final int REFUND_DELAY_MAX = 24;

    // ---- inventory -------------------------------------------------------------------------------------------
    /** Initial stock of a (newly launched) product ~ INITIAL_STOCK + Poisson(INITIAL_STOCK). */
    static final int INITIAL_STOCK = 4;
    /** Weekly (Monday 06:00) review: demand estimate d = units sold in the last 28 days / 4, at least MIN_WEEKLY. */
    static final double MIN_WEEKLY = 0.25;
    /** Reorder point s = ⌈d · (1 + lead weeks)⌉ + 1; order up to s + ⌈COVER_WEEKS · d⌉. */
    static final double COVER_WEEKS = 4;
    /** Supplier lead time = LEAD_MIN + Poisson(LEAD_EXTRA) days; with DELAY_PROBABILITY + U{7..21} days more. */
    static final int LEAD_MIN = 3;
    static final double LEAD_EXTRA = 3;
    static final double DELAY_PROBABILITY = 0.08;

    private static double[] normalize(double[] raw) {
        double sum = 0;
        for (double v : raw) {
            sum += v;
        }
        double[] out = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = raw[i] * raw.length / sum;
        }
        return out;
    }

    /** Modified Bessel function I0(x): the mean of exp(x·cos u) over a period, which normalizes the seasonality. */
    static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 60; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < 1e-16 * sum) {
                break;
            }
        }
        return sum;
    }
}
