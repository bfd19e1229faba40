package dev.merchantry.platform.storage;

/** A merchant's shop; every other shop-owned row carries its id. */
public record Shop(String id, String name, java.time.Instant createdAt) {
}
