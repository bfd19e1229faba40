package dev.merchantry.platform.tools.importclient;

/**
 * A row that cannot be mapped locally (missing value, unparseable number or timestamp). It becomes a client-side
 * reject naming the column; it is thrown per bad row, so it carries no stack trace.
 */
final class RowException extends RuntimeException {

    private final String field;

    RowException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    String field() {
        return field;
    }
}
