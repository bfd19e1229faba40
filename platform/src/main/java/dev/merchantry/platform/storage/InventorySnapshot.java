package dev.merchantry.platform.storage;

/** Units on hand of a product at a moment (epoch milliseconds). */
public record InventorySnapshot(String productId, long onHand, long timestamp) {
}
