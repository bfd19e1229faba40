package dev.merchantry.platform.tools.importclient;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Streams the records of an input file one at a time (never the whole file in memory), whatever its format.
 * {@link #open} picks CSV or NDJSON from the extension, or by sniffing the first non-blank character.
 */
public interface RowSource extends Closeable {

    /** The next record, or null at the end of the file. */
    SourceRow next() throws IOException;

    /** Bytes consumed from the file so far (slightly ahead of the records returned, because of buffering). */
    long bytesRead();

    /** Required columns the file cannot provide (a CSV header lacking them); NDJSON checks per record instead. */
    List<String> missingColumns(List<String> required);

    /** The format's name for messages. */
    String format();

    static RowSource open(Path file, Map<String, List<String>> aliases) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean ndjson = name.endsWith(".ndjson") || name.endsWith(".jsonl")
                || !name.endsWith(".csv") && !name.endsWith(".tsv") && startsWithBrace(file);
        CountingInputStream in = new CountingInputStream(Files.newInputStream(file));
        try {
            return ndjson ? new NdjsonRowSource(in, aliases) : new CsvRowSource(in, name.endsWith(".tsv") ? '\t' : ',', aliases);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Whether the first non-blank character (after a UTF-8 byte order mark) is '{'. */
    private static boolean startsWithBrace(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4096);
            String s = new String(head, StandardCharsets.UTF_8);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c != '\uFEFF' && !Character.isWhitespace(c)) {
                    return c == '{';
                }
            }
            return false;
        }
    }
}
