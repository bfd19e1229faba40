package dev.merchantry.platform.ingest;

import dev.merchantry.platform.service.ServiceException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a batch request body — a JSON array, or NDJSON (one object per line) — into its records. A malformed
 * JSON array fails the whole request; a malformed NDJSON line becomes an {@link Unreadable} entry that is rejected
 * on its own while the other lines go through.
 */
public final class BatchBody {

    /** A batch entry that could not be read as JSON (NDJSON only). */
    public record Unreadable(String message) {
    }

    public static final String NDJSON = "application/x-ndjson";

    private BatchBody() {
    }

    /**
     * Returns the entries: each a {@link JsonObject}, another JSON value (rejected later as "not an object") or
     * {@link Unreadable}. Throws {@link ServiceException} when the body as a whole is unusable or has more than
     * {@code maxRecords} entries.
     */
    public static List<Object> parse(Buffer body, String contentType, int maxRecords, String noun) {
        if (body == null || body.length() == 0) {
            throw ServiceException.malformed("request body is empty; expected a JSON array of " + noun
                    + " or NDJSON (Content-Type: " + NDJSON + ")");
        }
        boolean ndjson = contentType != null && (contentType.startsWith(NDJSON)
                || contentType.startsWith("application/jsonl") || contentType.startsWith("application/json-seq"));
        return ndjson ? ndjson(body, maxRecords, noun) : array(body, maxRecords, noun);
    }

    private static List<Object> array(Buffer body, int maxRecords, String noun) {
        Object parsed;
        try {
            parsed = Json.decodeValue(body);
        } catch (DecodeException e) {
            if (looksLikeNdjson(body)) {
                // NDJSON sent as application/json: read it line by line rather than refuse it.
                return ndjson(body, maxRecords, noun);
            }
            throw ServiceException.malformed("request body is not valid JSON: " + firstLine(e.getMessage())
                    + " (send a JSON array, or NDJSON with Content-Type: " + NDJSON + ")");
        }
        if (parsed instanceof JsonObject single) {
            parsed = new JsonArray().add(single);
        }
        if (!(parsed instanceof JsonArray array)) {
            throw ServiceException.malformed("request body must be a JSON array of " + noun);
        }
        checkCount(array.size(), maxRecords, noun);
        List<Object> out = new ArrayList<>(array.size());
        array.forEach(out::add);
        return out;
    }

    private static List<Object> ndjson(Buffer body, int maxRecords, String noun) {
        List<Object> out = new ArrayList<>();
        int length = body.length();
        int start = 0;
        while (start < length) {
            int end = start;
            while (end < length && body.getByte(end) != '\n') {
                end++;
            }
            int trimmedEnd = end;
            while (trimmedEnd > start && Character.isWhitespace(body.getByte(trimmedEnd - 1))) {
                trimmedEnd--;
            }
            int trimmedStart = start;
            while (trimmedStart < trimmedEnd && Character.isWhitespace(body.getByte(trimmedStart))) {
                trimmedStart++;
            }
            if (trimmedStart < trimmedEnd) {
                checkCount(out.size() + 1, maxRecords, noun);
                try {
                    out.add(Json.decodeValue(body.slice(trimmedStart, trimmedEnd)));
                } catch (DecodeException e) {
                    out.add(new Unreadable("line " + (out.size() + 1) + " is not valid JSON: "
                            + firstLine(e.getMessage())));
                }
            }
            start = end + 1;
        }
        if (out.isEmpty()) {
            throw ServiceException.malformed("request body has no " + noun);
        }
        return out;
    }

    /** Several lines, the first of which is a complete JSON object. */
    private static boolean looksLikeNdjson(Buffer body) {
        String text = body.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
        int nl = text.indexOf('\n');
        if (!text.startsWith("{") || nl < 0) {
            return false;
        }
        try {
            return Json.decodeValue(text.substring(0, nl).strip()) instanceof JsonObject;
        } catch (DecodeException e) {
            return false;
        }
    }

    private static void checkCount(int count, int maxRecords, String noun) {
        if (count > maxRecords) {
            throw ServiceException.tooLarge("a batch may hold at most " + maxRecords + " " + noun
                    + "; this one has more — split it into smaller batches");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
