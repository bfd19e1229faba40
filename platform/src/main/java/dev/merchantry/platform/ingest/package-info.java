/**
 * Getting a shop's commerce data in: event ingestion (validation, type aliases, idempotency, pseudonymization),
 * the catalog and inventory, per-shop data settings and customer erasure. Every write is acknowledged only after
 * its transaction committed.
 */
package dev.merchantry.platform.ingest;
