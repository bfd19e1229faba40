package dev.merchantry.platform.tools.importclient;

import dev.merchantry.platform.service.Schema;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Imports an uploaded file (the console's CSV upload) with exactly the column mapping of {@code merchantry
 * import}: the same row sources and {@link RowMapper}s, batches of the API's size handed to the shop's ingestion
 * services in-process, and every rejected row reported with its file line, whether the mapper or the server
 * rejected it. Blocking; the file is in memory (bounded by the upload endpoint's body limit).
 */
public final class UploadImporter {

    /** {@link Outcome#toJson}'s shape. */
    public static final Schema OUTCOME = Schema.object("ImportOutcome")
            .required("rows", Schema.integer())
            .required("accepted", Schema.integer())
            .required("duplicates", Schema.integer())
            .required("rejected_rows", Schema.integer())
            .required("rejected", Schema.array(Schema.object()
                    .required("line", Schema.string().doc("file line, or 12-14 for a multi-line order"))
                    .required("id", Schema.string().nullable())
                    .required("field", Schema.string().nullable())
                    .required("message", Schema.string())));

    /** Stores one batch and answers like the REST endpoint: {@code {accepted, duplicates?, rejected: [...]}}. */
    @FunctionalInterface
    public interface Target {
        JsonObject send(ImportKind kind, List<Object> items);
    }

    /**
     * What happened to the file.
     *
     * @param rows     data rows read
     * @param rejected one entry per problem: {@code {line, id, field, message}}
     */
    public record Outcome(long rows, long accepted, long duplicates, List<Rejection> rejected) {
        public JsonObject toJson() {
            List<JsonObject> list = rejected.stream().map(r -> new JsonObject().put("line", r.line()).put("id", r.id())
                    .put("field", r.field()).put("message", r.message())).toList();
            return new JsonObject().put("rows", rows).put("accepted", accepted).put("duplicates", duplicates)
                    .put("rejected_rows", list.size()).put("rejected", new io.vertx.core.json.JsonArray(new ArrayList<>(list)));
        }
    }

    /** One problem with the file: a line (or "12-14" for a multi-line order), the item id, field and reason. */
    public record Rejection(String line, String id, String field, String message) {
    }

    private UploadImporter() {
    }

    /**
     * Maps and stores {@code data}; NDJSON when {@code fileName} ends in .ndjson/.jsonl or the content starts with
     * '{', CSV otherwise (TSV for .tsv). Throws {@link ImportException} for a file that cannot be read at all
     * (empty, missing columns, malformed CSV).
     */
    public static Outcome run(ImportKind kind, byte[] data, String fileName, Target target, Instant now)
            throws ImportException {
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        boolean ndjson = name.endsWith(".ndjson") || name.endsWith(".jsonl")
                || !name.endsWith(".csv") && !name.endsWith(".tsv") && startsWithBrace(data);
        List<Rejection> rejected = new ArrayList<>();
        long[] counts = new long[3];
        try (RowSource source = ndjson
                ? new NdjsonRowSource(new CountingInputStream(new ByteArrayInputStream(data)), kind.aliases())
                : new CsvRowSource(new CountingInputStream(new ByteArrayInputStream(data)),
                        name.endsWith(".tsv") ? '\t' : ',', kind.aliases())) {
            List<String> missing = source.missingColumns(kind.requiredColumns());
            if (!missing.isEmpty()) {
                throw new ImportException("missing required column" + (missing.size() > 1 ? "s " : " ")
                        + missing.stream().map(c -> kind.aliases().containsKey(c)
                                ? c + " (or " + String.join(", ", kind.aliases().get(c)) + ")" : c)
                        .collect(Collectors.joining(", ")) + " for " + kind.flag());
            }
            RowMapper mapper = RowMapper.forKind(kind, ndjson, now);
            List<ImportItem> batch = new ArrayList<>();
            ItemSink sink = new ItemSink() {
                @Override
                public void item(ImportItem item) {
                    batch.add(item);
                    if (batch.size() >= kind.maxPerRequest()) {
                        send(kind, batch, target, counts, rejected);
                    }
                }

                @Override
                public void reject(long row, dev.merchantry.platform.tools.importclient.Rejection r) {
                    rejected.add(new Rejection(r.line(), r.id(), r.field(), r.message()));
                }
            };
            SourceRow row;
            while ((row = source.next()) != null) {
                counts[0]++;
                mapper.map(row, sink);
            }
            mapper.finish(sink);
            send(kind, batch, target, counts, rejected);
        } catch (IOException e) {
            throw new ImportException(e.getMessage());
        }
        return new Outcome(counts[0], counts[1], counts[2], rejected);
    }

    private static void send(ImportKind kind, List<ImportItem> batch, Target target, long[] counts,
                             List<Rejection> rejected) {
        if (batch.isEmpty()) {
            return;
        }
        List<Object> bodies = new ArrayList<>(batch.size());
        batch.forEach(i -> bodies.add(i.body()));
        JsonObject reply = target.send(kind, bodies);
        BatchReply parsed;
        try {
            parsed = BatchReply.parse(reply.encode(), kind.idField());
        } catch (ImportException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        counts[1] += parsed.accepted();
        counts[2] += parsed.duplicates();
        for (BatchReply.Rejected r : parsed.rejected()) {
            ImportItem item = r.index() >= 0 && r.index() < batch.size() ? batch.get(r.index()) : null;
            String id = r.id() != null ? r.id() : item == null ? "" : item.id();
            List<BatchReply.FieldError> errors = r.errors().isEmpty()
                    ? List.of(new BatchReply.FieldError("", "rejected by the server")) : r.errors();
            for (BatchReply.FieldError e : errors) {
                rejected.add(new Rejection(item == null ? "?" : item.lineFor(e.field()), id, e.field(), e.message()));
            }
        }
        batch.clear();
    }

    private static boolean startsWithBrace(byte[] data) {
        String s = new String(data, 0, Math.min(data.length, 4096), StandardCharsets.UTF_8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\uFEFF' && !Character.isWhitespace(c)) {
                return c == '{';
            }
        }
        return false;
    }
}
