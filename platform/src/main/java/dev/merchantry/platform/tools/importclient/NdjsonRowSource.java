package dev.merchantry.platform.tools.importclient;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * NDJSON records: one JSON object per line, blank lines skipped. A line that is not a JSON object still becomes a
 * row (whose mapping rejects it with the parser's reason), so one bad line never stops an import.
 */
final class NdjsonRowSource implements RowSource {

    private final CountingInputStream counter;
    private final BufferedReader reader;
    private final Map<String, List<String>> aliases;
    private long line;
    private long rows;

    NdjsonRowSource(CountingInputStream in, Map<String, List<String>> aliases) {
        this.counter = in;
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        this.aliases = aliases;
    }

    @Override
    public SourceRow next() throws IOException {
        String text;
        do {
            text = reader.readLine();
            if (text == null) {
                return null;
            }
            line++;
            if (line == 1) {
                text = text.replace("\uFEFF", "");
            }
        } while (text.isBlank());
        JsonObject object;
        String problem = null;
        try {
            object = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            object = null;
            problem = "not a JSON object: " + ImportException.oneLine(e.getMessage());
        }
        return new JsonRow(rows++, line, object, problem);
    }

    @Override
    public long bytesRead() {
        return counter.count();
    }

    @Override
    public List<String> missingColumns(List<String> required) {
        return List.of();
    }

    @Override
    public String format() {
        return "NDJSON";
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    /** An NDJSON record; {@link #text} reads top-level keys (numbers as their JSON text). */
    final class JsonRow extends SourceRow {
        private final JsonObject object;
        private final String problem;

        JsonRow(long index, long line, JsonObject object, String problem) {
            super(index, line);
            this.object = object;
            this.problem = problem;
        }

        @Override
        public String text(String column) {
            if (object == null) {
                throw new RowException("", problem);
            }
            Object v = object.getValue(column);
            for (String alias : aliases.getOrDefault(column, List.of())) {
                if (v == null) {
                    v = object.getValue(alias);
                }
            }
            return v == null ? null : blankToNull(v.toString());
        }

        @Override
        public JsonObject json() {
            if (object == null) {
                throw new RowException("", problem);
            }
            return object;
        }
    }
}
