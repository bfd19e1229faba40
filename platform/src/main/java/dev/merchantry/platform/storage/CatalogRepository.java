package dev.merchantry.platform.storage;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A shop's catalog and inventory snapshots. */
public interface CatalogRepository {

    /** Outcome of one inventory snapshot. */
    enum SnapshotResult { STORED, DUPLICATE, UNKNOWN_PRODUCT }

    /** Applies the patches in one transaction (new products are created); returns the stored products. */
    List<Product> upsert(String shop, List<ProductPatch> patches);

    Optional<Product> find(String shop, String productId);

    /** Up to {@code limit} products with id greater than {@code afterId} (null: from the start), by id. */
    List<Product> list(String shop, String category, String afterId, int limit);

    /** All products of a shop, by id (training reads the whole catalog). */
    List<Product> all(String shop);

    /** Ids of products that must not be recommended: hidden, or out of stock at the latest snapshot. */
    Set<String> unavailable(String shop);

    /** Category of every product of the shop that has one. */
    java.util.Map<String, String> categories(String shop);

    /**
     * Stores snapshots in one transaction and moves each product's current stock to its latest snapshot; snapshots
     * of products not in the catalog are not stored.
     */
    List<SnapshotResult> addSnapshots(String shop, List<InventorySnapshot> snapshots);

    long count(String shop);
}
