package dev.merchantry.platform.tools.importclient;

/**
 * Turns the file's rows, in order, into API items. A mapper may hold rows back (the lines of an order) and emit them
 * later, but always emits items in file order; it never throws for a bad row, it rejects it through the sink.
 */
interface RowMapper {

    void map(SourceRow row, ItemSink sink);

    /** End of file: emit what is still held back. */
    default void finish(ItemSink sink) {
    }

    /** The mapper for a kind and format; NDJSON events, products and inventory are already in the API's shape. */
    static RowMapper forKind(ImportKind kind, boolean ndjson, java.time.Instant importStart) {
        return switch (kind) {
            case EVENTS -> ndjson ? new ApiShapeMapper(kind) : new EventRowMapper();
            case PRODUCTS -> ndjson ? new ApiShapeMapper(kind) : new ProductRowMapper();
            case INVENTORY -> ndjson ? new ApiShapeMapper(kind) : new InventoryRowMapper();
            case RATINGS -> new RatingRowMapper(importStart);
            case ORDERS -> new OrderRowMapper();
        };
    }
}
