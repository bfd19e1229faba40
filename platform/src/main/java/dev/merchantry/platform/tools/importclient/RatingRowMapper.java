package dev.merchantry.platform.tools.importclient;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * Ratings ({@code user,item,rating[,timestamp]}, e.g. a MovieLens export) become {@code Product Reviewed} events
 * with the stable id {@code rating:{user}:{item}:{timestamp}}, so re-importing the same file changes nothing. The
 * id uses the instant, not the text, so the same rating written as epoch seconds or as ISO gets the same id.
 */
final class RatingRowMapper implements RowMapper {

    private final String importStart;

    /** {@code importStart} is the timestamp of ratings without one (their id then has no timestamp part). */
    RatingRowMapper(Instant importStart) {
        this.importStart = importStart.toString();
    }

    @Override
    public void map(SourceRow row, ItemSink sink) {
        String user = row.text("user");
        String item = row.text("item");
        String id = user != null && item != null ? "rating:" + user + ":" + item : "";
        try {
            Values.required(row, "user");
            Values.required(row, "item");
            Number rating = Values.requiredNumber(row, "rating");
            String raw = row.text("timestamp");
            String timestamp = importStart;
            if (raw != null) {
                Timestamps.Parsed parsed = Timestamps.parse("timestamp", raw);
                id = id + ":" + parsed.instant();
                timestamp = parsed.text();
            }
            JsonObject event = new JsonObject()
                    .put("event_id", id)
                    .put("type", "Product Reviewed")
                    .put("timestamp", timestamp)
                    .put("customer_id", user)
                    .put("properties", new JsonObject().put("product_id", item).put("rating", rating));
            sink.item(ImportItem.single(id, event, row));
        } catch (RowException e) {
            sink.reject(row.index(), new Rejection(Long.toString(row.line()), id, e.field(), e.getMessage()));
        }
    }
}
