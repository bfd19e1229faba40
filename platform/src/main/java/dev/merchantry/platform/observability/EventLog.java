package dev.merchantry.platform.observability;

import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes one operator-facing event as one log line: a short message naming the event, then {@code key=value} pairs
 * in logfmt, e.g. {@code job finished job_id=7f3c… shop=acme kind=recommender state=succeeded duration_ms=812}.
 *
 * <p>The pairs are written into the message itself, so they show with any logback pattern (the bundled one prints
 * {@code %msg}), and are also attached to the event as SLF4J 2 key-value pairs, so a JSON encoder (logback's
 * {@code JsonEncoder}, logstash-logback-encoder) emits them as fields. Do not add {@code %kvp} to a text pattern:
 * the pairs would print twice.
 *
 * <p>Values: numbers and booleans as they are (doubles to six significant digits), maps as
 * {@code key:value,key:value}, everything else as text; a value that is empty or holds a space, quote, {@code =},
 * backslash or control character is double-quoted with {@code \"}, {@code \\}, {@code \n}, {@code \r}, {@code \t} and
 * {@code \}{@code uXXXX} escapes, so a hostile value (an error message, a plugin's text) cannot forge a line or a key.
 * Null values are left out. Keys are fixed snake_case words chosen by the caller, never data.
 */
public final class EventLog {

    private static final MathContext SIGNIFICANT = new MathContext(6);

    private final Logger logger;
    private final Level level;
    private final String event;
    private final List<Map.Entry<String, Object>> pairs = new ArrayList<>(12);

    private EventLog(Logger logger, Level level, String event) {
        this.logger = logger;
        this.level = level;
        this.event = event;
    }

    public static EventLog info(Logger logger, String event) {
        return new EventLog(logger, Level.INFO, event);
    }

    public static EventLog warn(Logger logger, String event) {
        return new EventLog(logger, Level.WARN, event);
    }

    public static EventLog error(Logger logger, String event) {
        return new EventLog(logger, Level.ERROR, event);
    }

    public static EventLog at(Logger logger, Level level, String event) {
        return new EventLog(logger, level, event);
    }

    /** Adds a pair; a null value is left out of the line. */
    public EventLog with(String key, Object value) {
        if (value != null) {
            pairs.add(Map.entry(key, value));
        }
        return this;
    }

    /** Writes the line if the logger is enabled for its level. */
    public void log() {
        if (!logger.isEnabledForLevel(level)) {
            return;
        }
        LoggingEventBuilder builder = logger.atLevel(level);
        for (Map.Entry<String, Object> pair : pairs) {
            Object value = pair.getValue();
            builder = builder.addKeyValue(pair.getKey(), value instanceof Map<?, ?> ? text(value) : value);
        }
        builder.log(toString());
    }

    /** The line {@link #log()} writes: the event, then the pairs. */
    @Override
    public String toString() {
        StringBuilder line = new StringBuilder(event);
        for (Map.Entry<String, Object> pair : pairs) {
            line.append(' ').append(pair.getKey()).append('=');
            quote(text(pair.getValue()), line);
        }
        return line.toString();
    }

    static String text(Object value) {
        if (value instanceof Double || value instanceof Float) {
            return number(((Number) value).doubleValue());
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder();
            map.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append(':')
                    .append(v instanceof Number n ? number(n.doubleValue()) : String.valueOf(v)));
            return sb.toString();
        }
        return String.valueOf(value);
    }

    private static String number(double d) {
        if (!Double.isFinite(d)) {
            return Double.toString(d);
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return new BigDecimal(d).round(SIGNIFICANT).stripTrailingZeros().toPlainString();
    }

    private static void quote(String value, StringBuilder out) {
        boolean plain = !value.isEmpty();
        for (int i = 0; i < value.length() && plain; i++) {
            char c = value.charAt(i);
            plain = c > ' ' && c != '"' && c != '=' && c != '\\' && c != 0x7f;
        }
        if (plain) {
            out.append(value);
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < ' ' || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
