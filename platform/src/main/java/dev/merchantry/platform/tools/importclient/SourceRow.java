package dev.merchantry.platform.tools.importclient;

import io.vertx.core.json.JsonObject;

/**
 * One record of the input file, read by canonical column name whatever the file's format, with where it came from
 * ({@link #index()} counts data rows for the checkpoint, {@link #line()} is what a person looks up in the file).
 */
public abstract class SourceRow {

    private final long index;
    private final long line;

    SourceRow(long index, long line) {
        this.index = index;
        this.line = line;
    }

    /** Position among the data rows, from 0 (the header and blank lines do not count). */
    public long index() {
        return index;
    }

    /** Physical line (from 1, the header is line 1 of a CSV file) where the record starts. */
    public long line() {
        return line;
    }

    /** The trimmed value of a column (or one of its aliases); null when the column is absent or blank. */
    public abstract String text(String column);

    /** The record as JSON when the file is NDJSON (for kinds that send the API shape as is); else null. */
    public JsonObject json() {
        return null;
    }

    static String blankToNull(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        return t.isEmpty() ? null : t;
    }
}
