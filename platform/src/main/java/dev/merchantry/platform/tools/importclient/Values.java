package dev.merchantry.platform.tools.importclient;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Reads typed cells of a {@link SourceRow}. Numbers are kept exact ({@code 19.90} stays {@code 19.90}) and whole
 * numbers are sent as JSON integers, so what the server stores is what the file said.
 */
final class Values {

    private Values() {
    }

    /** The cell, or a {@link RowException} when it is missing or blank. */
    static String required(SourceRow row, String column) {
        String v = row.text(column);
        if (v == null) {
            throw new RowException(column, "required value is missing");
        }
        return v;
    }

    /** The cell as a JSON number ({@link Long} when whole, else {@link BigDecimal}); null when blank. */
    static Number number(SourceRow row, String column) {
        String v = row.text(column);
        return v == null ? null : number(column, v);
    }

    static Number requiredNumber(SourceRow row, String column) {
        return number(column, required(row, column));
    }

    /** A whole number (e.g. stock on hand); {@code 3.0} is fine, {@code 3.5} is not. */
    static long requiredWholeNumber(SourceRow row, String column) {
        Number n = requiredNumber(row, column);
        if (n instanceof Long l) {
            return l;
        }
        throw new RowException(column, "'" + row.text(column) + "' is not a whole number");
    }

    static Number number(String column, String value) {
        BigDecimal d;
        try {
            d = new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw new RowException(column, "'" + value + "' is not a number");
        }
        if (d.signum() == 0) {
            return 0L;
        }
        BigDecimal stripped = d.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 18) {
            return stripped.longValueExact();
        }
        return d;
    }

    /** true/false, also 1/0 and yes/no; null when blank. */
    static Boolean bool(SourceRow row, String column) {
        String v = row.text(column);
        if (v == null) {
            return null;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "y" -> Boolean.TRUE;
            case "false", "0", "no", "n" -> Boolean.FALSE;
            default -> throw new RowException(column, "'" + v + "' is not true or false");
        };
    }
}
