package dev.merchantry.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Pre-serialized request bodies of realistic commerce events, generated before any timing so the client does no
 * work but sending. The mix: 70% {@code Product Viewed}, 15% {@code Product Added}, 10% {@code Order Completed}
 * with 1-3 lines, 5% {@code Product Reviewed}; 20,000 customers (one view in ten by an anonymous visitor), 2,000
 * products with skewed popularity, timestamps spread over the last 30 days in roughly increasing order (as a
 * backfill or a live stream would send them) and random UUID event ids, as Segment-style clients send.
 */
final class EventCorpus {

    static final int CUSTOMERS = 20_000;
    static final int PRODUCTS = 2_000;
    private static final String[] CATEGORIES = {"shoes", "shirts", "trousers", "jackets", "bags", "hats", "socks",
            "watches", "belts", "scarves", "gloves", "sunglasses"};

    /** One request: its JSON array body and how many events it holds. */
    record Batch(byte[] body, int events) {
    }

    private final SplittableRandom random;
    private final int[] priceCents = new int[PRODUCTS];
    private final String[] category = new String[PRODUCTS];
    private final Instant start;
    private final Duration span = Duration.ofDays(30);
    private long orders;

    EventCorpus(long seed, Instant now) {
        this.random = new SplittableRandom(seed);
        // Leave an hour of margin so no event is "in the future" and none falls outside the last 30 days.
        this.start = now.minus(span).plus(Duration.ofHours(1));
        for (int p = 0; p < PRODUCTS; p++) {
            priceCents[p] = 199 + random.nextInt(25_000);
            category[p] = CATEGORIES[random.nextInt(CATEGORIES.length)];
        }
    }

    /** {@code count} new events (never generated before by this corpus) split into batches of {@code batchSize}. */
    List<Batch> batches(int count, int batchSize) {
        List<Batch> out = new ArrayList<>((count + batchSize - 1) / batchSize);
        StringBuilder sb = new StringBuilder(batchSize * 320);
        long spanMillis = span.minus(Duration.ofHours(2)).toMillis();
        for (int from = 0; from < count; from += batchSize) {
            int n = Math.min(batchSize, count - from);
            sb.setLength(0);
            sb.append('[');
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                long offset = (long) ((double) (from + i) / count * spanMillis) + random.nextLong(60_000);
                appendEvent(sb, start.plusMillis(Math.min(offset, spanMillis)));
            }
            sb.append(']');
            out.add(new Batch(sb.toString().getBytes(StandardCharsets.UTF_8), n));
        }
        return out;
    }

    private void appendEvent(StringBuilder sb, Instant ts) {
        int roll = random.nextInt(100);
        String type = roll < 70 ? "Product Viewed" : roll < 85 ? "Product Added" : roll < 95 ? "Order Completed"
                : "Product Reviewed";
        UUID id = new UUID(random.nextLong(), random.nextLong());
        sb.append("{\"event_id\":\"").append(id).append("\",\"type\":\"").append(type)
                .append("\",\"timestamp\":\"").append(ts).append('"');
        if (type.equals("Product Viewed") && random.nextInt(10) == 0) {
            sb.append(",\"anonymous_id\":\"anon-").append(Long.toHexString(random.nextLong() >>> 16)).append('"');
        } else {
            sb.append(",\"customer_id\":\"c-").append(customer()).append('"');
        }
        sb.append(",\"properties\":{");
        switch (type) {
            case "Product Viewed", "Product Added" -> {
                int p = product();
                sb.append("\"product_id\":\"p-").append(p).append("\",\"category\":\"").append(category[p])
                        .append("\",\"price\":");
                appendMoney(sb, priceCents[p]);
                sb.append(",\"currency\":\"EUR\"");
                if (type.equals("Product Added")) {
                    sb.append(",\"quantity\":").append(1 + (random.nextInt(10) == 0 ? random.nextInt(3) : 0));
                }
            }
            case "Order Completed" -> {
                sb.append("\"order_id\":\"o-").append(++orders).append("\",\"currency\":\"EUR\",\"products\":[");
                int lines = 1 + random.nextInt(3);
                long revenue = 0;
                int previous = -1;
                for (int l = 0; l < lines; l++) {
                    int p = product();
                    if (p == previous) {
                        p = (p + 1) % PRODUCTS;
                    }
                    previous = p;
                    int quantity = 1 + (random.nextInt(5) == 0 ? random.nextInt(3) : 0);
                    revenue += (long) priceCents[p] * quantity;
                    if (l > 0) {
                        sb.append(',');
                    }
                    sb.append("{\"product_id\":\"p-").append(p).append("\",\"price\":");
                    appendMoney(sb, priceCents[p]);
                    sb.append(",\"quantity\":").append(quantity).append('}');
                }
                sb.append("],\"revenue\":");
                appendMoney(sb, revenue);
            }
            default -> {
                int p = product();
                sb.append("\"product_id\":\"p-").append(p).append("\",\"category\":\"").append(category[p])
                        .append("\",\"rating\":").append(1 + random.nextInt(5));
            }
        }
        sb.append("}}");
    }

    /** Skewed popularity: a few products get most of the traffic, as in any shop. */
    private int product() {
        double u = random.nextDouble();
        return (int) (PRODUCTS * Math.pow(u, 3));
    }

    /** Mildly skewed: returning customers act more often. */
    private int customer() {
        double u = random.nextDouble();
        return 1 + (int) ((CUSTOMERS - 1) * Math.pow(u, 1.5));
    }

    private static void appendMoney(StringBuilder sb, long cents) {
        sb.append(cents / 100).append('.');
        long c = cents % 100;
        if (c < 10) {
            sb.append('0');
        }
        sb.append(c);
    }
}
