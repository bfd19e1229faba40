package dev.merchantry.plugins.profiling.rfm;

/**
 * The eleven RFM groups merchants know from Shopify's customer segmentation (the {@code CustomerRfmGroup} values of
 * its Admin API), assigned from the recency score R and FM = (F + M) / 2 as in Shopify's reports. Shopify publishes
 * the groups' meanings, not its cut-offs; this grid is ours, built from those meanings:
 *
 * <pre>
 *            FM ≤ 2 (low)      FM 2.5–3.5 (mid)     FM ≥ 4 (high)
 *   R = 5    NEW               ACTIVE               CHAMPIONS
 *   R = 4    PROMISING         ACTIVE               LOYAL
 *   R = 3    PROMISING         NEEDS_ATTENTION      LOYAL
 *   R = 2    ALMOST_LOST       AT_RISK              AT_RISK
 *   R = 1    DORMANT           ALMOST_LOST          PREVIOUSLY_LOYAL
 * </pre>
 * Customers without orders are PROSPECTS.
 */
public enum RfmGroup {
    CHAMPIONS("Champions", "very recent purchases, many orders and the most spend"),
    LOYAL("Loyal", "recent purchases, many orders and the most spend"),
    ACTIVE("Active", "recent purchases, some orders and moderate spend"),
    NEW("New", "very recent purchases, few orders and low spend"),
    PROMISING("Promising", "recent purchases, few orders and low spend"),
    NEEDS_ATTENTION("Needs attention", "fairly recent purchases, some orders and moderate spend, slipping"),
    AT_RISK("At risk", "no recent purchases, but a strong history of orders and spend"),
    PREVIOUSLY_LOYAL("Previously loyal", "no purchase for a long time, but a very strong history of orders and spend"),
    ALMOST_LOST("Almost lost", "no recent purchases, fewer orders and lower spend"),
    DORMANT("Dormant", "no purchase for a long time, infrequent orders and low spend"),
    PROSPECTS("Prospects", "no orders yet");

    private final String title;
    private final String meaning;

    RfmGroup(String title, String meaning) {
        this.title = title;
        this.meaning = meaning;
    }

    public String title() {
        return title;
    }

    /** The group's meaning in plain words. */
    public String meaning() {
        return meaning;
    }

    /** The group of a buyer with scores r, f, m in 1..5. */
    public static RfmGroup of(int r, int f, int m) {
        if (r < 1 || r > 5 || f < 1 || f > 5 || m < 1 || m > 5) {
            throw new IllegalArgumentException("RFM scores must be 1..5, got " + r + f + m);
        }
        int fm2 = f + m; // 2·FM, so the half-steps of (F+M)/2 stay integers
        int band = fm2 <= 4 ? 0 : fm2 <= 7 ? 1 : 2;
        return GRID[5 - r][band];
    }

    private static final RfmGroup[][] GRID = {
        {NEW, ACTIVE, CHAMPIONS},
        {PROMISING, ACTIVE, LOYAL},
        {PROMISING, NEEDS_ATTENTION, LOYAL},
        {ALMOST_LOST, AT_RISK, AT_RISK},
        {DORMANT, ALMOST_LOST, PREVIOUSLY_LOYAL},
    };
}
