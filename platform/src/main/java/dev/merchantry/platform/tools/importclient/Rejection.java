package dev.merchantry.platform.tools.importclient;

/**
 * One row of the rejects file: where (a line, or a range "12-14" for a multi-line order), which item, which field
 * and why. Client-side rejects name the CSV column; server-side ones the API field path.
 */
record Rejection(String line, String id, String field, String message) {
}
