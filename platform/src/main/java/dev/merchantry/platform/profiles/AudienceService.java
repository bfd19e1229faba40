package dev.merchantry.platform.profiles;

import dev.merchantry.platform.service.Schema;
import dev.merchantry.platform.storage.ProfileRepository;
import dev.merchantry.platform.storage.ProfileRow;
import dev.merchantry.platform.storage.ProfileSet;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.WriteStream;
import org.apache.commons.csv.CSVFormat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Audiences: the served profiles matching {@link AudienceCriteria}, most valuable first, keyset-paged in SQL, each
 * customer with her top products from the shop's recommender (asked over {@code merchantry.recommend}, like any
 * other service would) and the offer {@link OfferRules} suggests. When the shop has no usable recommender the
 * audience is still returned, with {@code recommender.available = false} and the reason.
 */
public final class AudienceService {

    /** Recommendation requests in flight at once per audience request (leaves the serving pool to shoppers). */
    static final int PARALLEL_PICKS = 16;

    /** A page of the audience. */
    public static final Schema PREVIEW = Schema.object("AudiencePage")
            .required("shop", Schema.string())
            .required("strategy", Schema.string())
            .required("updated_at", Schema.dateTime())
            .required("count", Schema.integer())
            .required("customers", Schema.array(Schema.object()
                    .required("customer_id", Schema.string())
                    .required("group", Schema.string())
                    .required("segment", Schema.string())
                    .required("value_365d", Schema.number().nullable())
                    .required("churn_risk", Schema.number().nullable())
                    .required("expected_purchases_90d", Schema.number().nullable())
                    .required("rfm", ProfileService.RFM.nullable())
                    .required("last_seen", Schema.dateTime())
                    .required("offer", Schema.object()
                            .required("rule", Schema.string())
                            .required("discount_percent", Schema.integer())
                            .required("message", Schema.string()))
                    .optional("top_products", Schema.array(Schema.object()
                            .required("product_id", Schema.string())
                            .required("score", Schema.number())
                            .required("reason", Schema.string())))
                    .optional("recommendation_error", Schema.string())))
            .required("next_cursor", Schema.string().nullable())
            .optional("recommender", Schema.object()
                    .required("available", Schema.bool())
                    .optional("strategy", Schema.string())
                    .optional("reason", Schema.string()));
    /** Rows read per query while exporting. */
    static final int EXPORT_PAGE = 1_000;
    public static final List<String> CSV_COLUMNS = List.of("customer_id", "group", "segment", "value_365d", "churn_risk",
            "expected_purchases_90d", "last_seen", "offer_rule", "discount_percent", "offer_message", "top_products");
    private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

    /**
     * Asks the shop's recommender for one customer: a {@code merchantry.recommend} request and its reply, or a failed
     * future with the reply's failure code ({@link ReplyException}). The node sends it over the event bus, so any
     * node may answer.
     */
    @FunctionalInterface
    public interface Recommendations {
        Future<JsonObject> recommend(JsonObject request);
    }

    private final Vertx vertx;
    private final ProfileService profiles;
    private final Recommendations recommendations;
    private final Clock clock;

    public AudienceService(Vertx vertx, ProfileService profiles, Recommendations recommendations, Clock clock) {
        this.vertx = vertx;
        this.profiles = profiles;
        this.recommendations = recommendations;
        this.clock = clock;
    }

    /** Whether the recommender could be asked, shared by the customers of one request (event-loop confined). */
    private static final class Recommender {
        boolean available = true;
        String strategy;
        String reason;

        JsonObject toJson() {
            JsonObject o = new JsonObject().put("available", available);
            if (strategy != null) {
                o.put("strategy", strategy);
            }
            if (reason != null) {
                o.put("reason", reason);
            }
            return o;
        }
    }

    /** {@code {shop, strategy, customers: [...], count, next_cursor, recommender}}. */
    public Future<JsonObject> preview(String shop, JsonObject body) {
        AudienceCriteria criteria = AudienceCriteria.parse(body, 50, AudienceCriteria.MAX_PREVIEW, 3);
        return page(shop, criteria, criteria.limit(), criteria.cursor()).compose(page -> {
            Recommender recommender = new Recommender();
            return picks(shop, page.rows(), criteria.productsPerCustomer(), recommender).map(customers -> {
                JsonObject out = new JsonObject().put("shop", shop).put("strategy", page.set().strategyId())
                        .put("updated_at", Instant.ofEpochMilli(page.set().trainedAt()).toString())
                        .put("count", customers.size()).put("customers", new JsonArray(customers))
                        .put("next_cursor", page.next() == null ? null : page.next().encode());
                if (criteria.productsPerCustomer() > 0) {
                    out.put("recommender", recommender.toJson());
                }
                return out;
            });
        });
    }

    private record Page(ProfileSet set, List<ProfileRow> rows, AudienceCursor next) {
    }

    private Future<Page> page(String shop, AudienceCriteria criteria, int limit, AudienceCursor after) {
        return vertx.executeBlocking(() -> {
            ProfileSet set = profiles.requireSet(shop);
            List<ProfileRow> rows = profiles.store().audience(shop, set.version(), criteria.filter(clock.millis()),
                    limit + 1, after == null ? null : new ProfileRepository.Position(after.sortValue(), after.customerId()));
            AudienceCursor next = null;
            if (rows.size() > limit) {
                rows = rows.subList(0, limit);
                ProfileRow last = rows.get(limit - 1);
                next = new AudienceCursor(last.sortValue(), last.customerId());
            }
            return new Page(set, new ArrayList<>(rows), next);
        }, false);
    }

    /** The customers of a page as JSON, with picks asked {@link #PARALLEL_PICKS} at a time, in page order. */
    private Future<List<JsonObject>> picks(String shop, List<ProfileRow> rows, int products, Recommender recommender) {
        List<JsonObject> out = new ArrayList<>(rows.size());
        for (ProfileRow row : rows) {
            out.add(customer(row));
        }
        if (products == 0 || rows.isEmpty()) {
            return Future.succeededFuture(out);
        }
        return pickFrom(shop, out, 0, products, recommender).map(v -> out);
    }

    private Future<Void> pickFrom(String shop, List<JsonObject> customers, int from, int products, Recommender recommender) {
        if (from >= customers.size()) {
            return Future.succeededFuture();
        }
        int to = Math.min(customers.size(), from + PARALLEL_PICKS);
        List<Future<Void>> batch = new ArrayList<>();
        for (int i = from; i < to; i++) {
            JsonObject c = customers.get(i);
            if (!recommender.available) {
                c.put("top_products", new JsonArray());
                continue;
            }
            JsonObject request = new JsonObject().put("shop", shop).put("customer_id", c.getString("customer_id"))
                    .put("limit", products);
            batch.add(recommendations.recommend(request).transform(ar -> {
                if (ar.succeeded()) {
                    recommender.strategy = ar.result().getString("strategy");
                    JsonArray items = new JsonArray();
                    ar.result().getJsonArray("items", new JsonArray()).forEach(o -> {
                        JsonObject item = (JsonObject) o;
                        items.add(new JsonObject().put("product_id", item.getString("product_id"))
                                .put("score", item.getValue("score")).put("reason", item.getString("reason")));
                    });
                    c.put("top_products", items);
                } else {
                    c.put("top_products", new JsonArray());
                    if (ar.cause() instanceof ReplyException reply && reply.failureCode() == 409) {
                        // No recommender bound, disabled or untrained: the same for every customer; stop asking.
                        recommender.available = false;
                        recommender.reason = reply.getMessage();
                    } else {
                        c.put("recommendation_error", ar.cause().getMessage());
                    }
                }
                return Future.<Void>succeededFuture();
            }));
        }
        return Future.join(batch).transform(ar -> pickFrom(shop, customers, to, products, recommender));
    }

    static JsonObject customer(ProfileRow row) {
        JsonObject profile = new JsonObject(row.json());
        JsonObject clv = profile.getJsonObject("clv");
        return new JsonObject().put("customer_id", row.customerId()).put("group", row.group())
                .put("segment", row.segment()).put("value_365d", row.value365()).put("churn_risk", row.churnRisk())
                .put("expected_purchases_90d", clv == null ? null : clv.getValue("expected_purchases_90d"))
                .put("rfm", profile.getValue("rfm"))
                .put("last_seen", Instant.ofEpochMilli(row.lastSeen()).toString())
                .put("offer", OfferRules.offer(row.group(), row.mScore(), row.churnRisk()));
    }

    /**
     * An audience export whose criteria were checked and whose first page was read, so nothing can fail with a
     * 400/409 any more; nothing has been written yet.
     */
    public final class Export {
        private final String shop;
        private final AudienceCriteria criteria;
        private final Page first;

        private Export(String shop, AudienceCriteria criteria, Page first) {
            this.shop = shop;
            this.criteria = criteria;
            this.first = first;
        }

        /** The name the CSV file should be saved under. */
        public String fileName() {
            return "audience-" + shop + ".csv";
        }

        /**
         * Writes the whole audience (up to {@code limit}) as CSV to {@code out}, page by page; each page is written
         * only once the previous one was handed to {@code out}, so memory stays at one page however large the
         * audience. Stops with a failure as soon as {@code gone} says the receiver went away, or when a page cannot
         * be read or written; {@code out} is not ended then, so the caller can make the file visibly incomplete.
         */
        public Future<Void> writeTo(WriteStream<Buffer> out, BooleanSupplier gone) {
            Recommender recommender = new Recommender();
            return out.write(Buffer.buffer(line(CSV_COLUMNS)))
                    .compose(v -> stream(shop, criteria, first, criteria.limit(), recommender, out, gone));
        }
    }

    /**
     * Checks the criteria and reads the first page of an audience export: validation errors and "no profiles" fail
     * here (400/409), before the caller sends anything.
     */
    public Future<Export> export(String shop, JsonObject body) {
        AudienceCriteria criteria = AudienceCriteria.parse(body, AudienceCriteria.MAX_EXPORT, AudienceCriteria.MAX_EXPORT, 3);
        int first = Math.min(EXPORT_PAGE, criteria.limit());
        return page(shop, criteria, first, criteria.cursor()).map(page -> new Export(shop, criteria, page));
    }

    private Future<Void> stream(String shop, AudienceCriteria criteria, Page page, int remaining, Recommender recommender,
                                WriteStream<Buffer> out, BooleanSupplier gone) {
        if (gone.getAsBoolean()) {
            return Future.failedFuture(new IllegalStateException("client went away"));
        }
        return picks(shop, page.rows(), criteria.productsPerCustomer(), recommender).compose(customers -> {
            StringBuilder chunk = new StringBuilder();
            for (JsonObject c : customers) {
                chunk.append(csv(c));
            }
            int left = remaining - customers.size();
            Future<Void> written = chunk.length() == 0 ? Future.succeededFuture() : out.write(Buffer.buffer(chunk.toString()));
            if (page.next() == null || left <= 0) {
                return written;
            }
            return written.compose(v -> page(shop, criteria, Math.min(EXPORT_PAGE, left), page.next()))
                    .compose(next -> stream(shop, criteria, next, left, recommender, out, gone));
        });
    }

    private static String csv(JsonObject c) {
        JsonObject offer = c.getJsonObject("offer");
        List<String> products = new ArrayList<>();
        c.getJsonArray("top_products", new JsonArray()).forEach(o -> products.add(((JsonObject) o).getString("product_id")));
        List<Object> values = new ArrayList<>();
        values.add(c.getString("customer_id"));
        values.add(c.getString("group"));
        values.add(c.getString("segment"));
        values.add(c.getValue("value_365d"));
        values.add(c.getValue("churn_risk"));
        values.add(c.getValue("expected_purchases_90d"));
        values.add(c.getString("last_seen"));
        values.add(offer.getString("rule"));
        values.add(offer.getInteger("discount_percent"));
        values.add(offer.getString("message"));
        values.add(String.join(";", products));
        return line(values);
    }

    private static String line(List<?> values) {
        return CSV.format(values.stream().map(v -> v == null ? "" : v instanceof String text ? neutralized(text) : v)
                .toArray()) + "\n";
    }

    /**
     * A text cell a spreadsheet would run as a formula (it starts with {@code = + - @}, a tab or a carriage return:
     * customer and product ids come from the shop's data, so from anyone who can place an order) gets a leading
     * single quote, which spreadsheets show as text — OWASP's advice against CSV injection. Numbers are ours and
     * are written as they are.
     */
    static String neutralized(String cell) {
        if (cell.isEmpty()) {
            return cell;
        }
        return switch (cell.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + cell;
            default -> cell;
        };
    }
}
