package dev.merchantry.platform.storage;

/** A customer whose RFM group differs between two profile sets; {@code oldGroup} null when new to the shop. */
public record GroupChange(String customerId, String oldGroup, String newGroup) {
}
