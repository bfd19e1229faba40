package dev.merchantry.platform.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * The one rule for text a request may carry, because the databases we support cannot hold the rest: PostgreSQL
 * refuses NUL in text (a failed statement, once a 500), and every database stores an unpaired UTF-16 surrogate as
 * {@code ?} (UTF-8 has no encoding for it), silently changing an id.
 *
 * <ul>
 *   <li>No text anywhere — path parameter, query parameter name or value, JSON object key or string value at any
 *       depth — may contain NUL (U+0000) or an unpaired surrogate (U+D800–U+DFFF not forming a pair).</li>
 *   <li>Identifiers and short names — every parameter, every JSON key, and every JSON string that is not free text —
 *       may not contain any other C0 control character (U+0001–U+001F) or DEL (U+007F) either, tab and newline
 *       included: an id with a newline is a mistake, and such ids break CSV exports and logs.</li>
 *   <li>Free text (a field the endpoint declares as such: passwords, and the event properties the platform does not
 *       read as ids) may contain tab, newline and carriage return, and no other control character.</li>
 * </ul>
 *
 * A value breaking the rule is a 400 (or a per-record rejection in a batch) naming the field; it is never stored
 * in part or "cleaned": ids must round-trip exactly.
 */
public final class TextRules {

    private static final Map<Integer, String> NAMES = Map.of(0x00, "the NUL character", 0x09, "a tab",
            0x0A, "a newline", 0x0D, "a carriage return", 0x1B, "the escape character", 0x7F, "the DEL character");

    private TextRules() {
    }

    /**
     * Why {@code s} breaks the rule, as a message that completes "field …" ("must not contain the NUL character
     * (U+0000)"), or null when it keeps it. {@code freeText} allows tab, newline and carriage return.
     */
    public static String problem(String s, boolean freeText) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "must not contain an unpaired UTF-16 surrogate (" + code(c) + "); send valid Unicode";
            }
            if (Character.isLowSurrogate(c)) {
                return "must not contain an unpaired UTF-16 surrogate (" + code(c) + "); send valid Unicode";
            }
            if (c == 0) {
                return "must not contain the NUL character (U+0000)";
            }
            if (c < 0x20 || c == 0x7F) {
                if (freeText && (c == '\t' || c == '\n' || c == '\r')) {
                    continue;
                }
                String name = NAMES.containsKey((int) c) ? NAMES.get((int) c) + " (" + code(c) + ")"
                        : "the control character " + code(c);
                return "must not contain " + name + (freeText
                        ? ": free text may hold tab, newline and carriage return, no other control character"
                        : ": ids and names hold no control characters");
            }
        }
        return null;
    }

    /** {@code s} with every character the rule refuses written as {@code \}{@code uXXXX}, to name a field safely. */
    public static String printable(String s) {
        if (plain(s)) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair) {
                out.append(c).append(s.charAt(++i));
            } else if (c < 0x20 || c == 0x7F || Character.isSurrogate(c)) {
                out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Checks every object key and string value of a parsed JSON value (a {@link JsonObject}, {@link JsonArray},
     * string or scalar) and reports each one breaking the rule by its path: {@code name},
     * {@code config.half_life_days}, {@code [3].customer_id}, {@code properties.products[2].product_id} ({@code
     * prefix} is the path of {@code json} itself, "" at the root). Keys are identifiers; a string value is free
     * text when {@code freeText} accepts its path.
     */
    public static void check(Object json, String prefix, Predicate<String> freeText,
                             BiConsumer<String, String> problems) {
        if (clean(json)) {
            return; // the common case: no path strings are built for a body with nothing to report
        }
        walk(json, prefix, freeText, problems);
    }

    /** True if no key or string anywhere in {@code json} holds a control character or a surrogate. */
    private static boolean clean(Object json) {
        if (json instanceof JsonObject o) {
            for (Map.Entry<String, Object> e : o) {
                if (!plain(e.getKey()) || !clean(e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (json instanceof JsonArray a) {
            for (int i = 0; i < a.size(); i++) {
                if (!clean(a.getValue(i))) {
                    return false;
                }
            }
            return true;
        }
        return !(json instanceof String s) || plain(s);
    }

    /** No character below U+0020, no DEL and no surrogate (paired or not): nothing that needs a closer look. */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static void walk(Object json, String prefix, Predicate<String> freeText,
                             BiConsumer<String, String> problems) {
        if (json instanceof JsonObject o) {
            for (Map.Entry<String, Object> e : o) {
                String path = member(prefix, e.getKey());
                String bad = problem(e.getKey(), false);
                if (bad != null) {
                    problems.accept(path, "field name " + bad);
                }
                walk(e.getValue(), path, freeText, problems);
            }
        } else if (json instanceof JsonArray a) {
            for (int i = 0; i < a.size(); i++) {
                walk(a.getValue(i), prefix + "[" + i + "]", freeText, problems);
            }
        } else if (json instanceof String s) {
            String bad = problem(s, freeText.test(prefix));
            if (bad != null) {
                problems.accept(prefix.isEmpty() ? "(body)" : prefix, bad);
            }
        }
    }

    /** The path of member {@code key} of the object at {@code prefix}. */
    public static String member(String prefix, String key) {
        String name = printable(key);
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    private static String code(char c) {
        return String.format(Locale.ROOT, "U+%04X", (int) c);
    }
}
