package dev.merchantry.platform.tools.importclient;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Reads the two timestamp forms files use, ISO-8601 with an offset and Unix epoch seconds, into the API's form.
 * Epoch seconds become {@link Instant#toString()}; ISO text is kept as written (its offset is the customer's local
 * time), so only what the API would refuse is rejected here, with a hint at the fix.
 */
final class Timestamps {

    /** A timestamp as sent ({@code text}) and as an instant (for ids that must not depend on how it was written). */
    record Parsed(String text, Instant instant) {
    }

    private static final Pattern EPOCH = Pattern.compile("-?\\d{1,15}(\\.\\d{1,9})?");
    /** Epoch seconds past this are almost certainly milliseconds (the year 5138). */
    private static final long MAX_EPOCH_SECONDS = 99_999_999_999L;
    private static final DateTimeFormatter SPACED = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral(' ').append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendLiteral(' ').optionalEnd().appendOffsetId().toFormatter();

    private Timestamps() {
    }

    /** Parses {@code value} of {@code column}; throws a {@link RowException} saying what is wrong. */
    static Parsed parse(String column, String value) {
        String s = value.trim();
        if (EPOCH.matcher(s).matches()) {
            BigDecimal seconds = new BigDecimal(s);
            if (seconds.abs().compareTo(BigDecimal.valueOf(MAX_EPOCH_SECONDS)) > 0) {
                throw new RowException(column, "'" + s + "' is too large for Unix epoch seconds (milliseconds?)");
            }
            long whole = seconds.longValue();
            int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
            Instant instant = Instant.ofEpochSecond(whole, nanos);
            return new Parsed(instant.toString(), instant);
        }
        try {
            OffsetDateTime t = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return new Parsed(s, t.toInstant());
        } catch (DateTimeParseException strict) {
            try {
                OffsetDateTime t = OffsetDateTime.parse(s, SPACED);
                return new Parsed(t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), t.toInstant());
            } catch (DateTimeParseException spaced) {
                throw new RowException(column, "'" + s + "' is not an ISO-8601 date-time with offset "
                        + "(e.g. 2026-11-20T14:03:11Z) or Unix epoch seconds");
            }
        }
    }
}
