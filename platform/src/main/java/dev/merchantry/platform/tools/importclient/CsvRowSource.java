package dev.merchantry.platform.tools.importclient;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CSV records via Apache Commons CSV (quotes, embedded commas and line breaks handled by a well-kept parser). The
 * header row names the columns, in any order and any case; extra columns are ignored and aliases are accepted.
 */
final class CsvRowSource implements RowSource {

    private final CountingInputStream counter;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final Map<String, Integer> headerIndex = new HashMap<>();
    private final Map<String, Integer> columnIndex = new HashMap<>();
    private final Map<String, List<String>> aliases;
    private final List<String> header = new ArrayList<>();
    private long rows;

    CsvRowSource(CountingInputStream in, char delimiter, Map<String, List<String>> aliases) throws IOException {
        this.counter = in;
        this.aliases = aliases;
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get();
        this.parser = CSVParser.builder()
                .setReader(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16))
                .setFormat(format).get();
        this.records = parser.iterator();
        CSVRecord first = nextRecord();
        if (first == null) {
            throw new IOException("the file is empty (a CSV file starts with a header row)");
        }
        for (int i = 0; i < first.size(); i++) {
            String name = first.get(i).replace("\uFEFF", "").trim();
            header.add(name);
            headerIndex.putIfAbsent(name.toLowerCase(Locale.ROOT), i);
        }
    }

    @Override
    public SourceRow next() throws IOException {
        CSVRecord record = nextRecord();
        if (record == null) {
            return null;
        }
        long end = parser.getCurrentLineNumber();
        return new CsvRow(rows++, end - lineBreaksInside(record), record);
    }

    private CSVRecord nextRecord() throws IOException {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException | IllegalStateException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IOException("malformed CSV near line " + parser.getCurrentLineNumber() + ": " + cause.getMessage(), e);
        }
    }

    /** Line breaks inside quoted values, so a multi-line record reports the line it starts on. */
    private static long lineBreaksInside(CSVRecord record) {
        long n = 0;
        for (int i = 0; i < record.size(); i++) {
            String v = record.get(i);
            for (int j = 0; j < v.length(); j++) {
                char c = v.charAt(j);
                if (c == '\n' || c == '\r' && (j + 1 == v.length() || v.charAt(j + 1) != '\n')) {
                    n++;
                }
            }
        }
        return n;
    }

    private int indexOf(String column) {
        Integer cached = columnIndex.get(column);
        if (cached != null) {
            return cached;
        }
        Integer i = headerIndex.get(column.toLowerCase(Locale.ROOT));
        for (String alias : aliases.getOrDefault(column, List.of())) {
            if (i == null) {
                i = headerIndex.get(alias.toLowerCase(Locale.ROOT));
            }
        }
        int index = i == null ? -1 : i;
        columnIndex.put(column, index);
        return index;
    }

    @Override
    public List<String> missingColumns(List<String> required) {
        return required.stream().filter(c -> indexOf(c) < 0).toList();
    }

    @Override
    public long bytesRead() {
        return counter.count();
    }

    @Override
    public String format() {
        return "CSV";
    }

    /** The header as written, for messages. */
    List<String> header() {
        return header;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    private final class CsvRow extends SourceRow {
        private final CSVRecord record;

        CsvRow(long index, long line, CSVRecord record) {
            super(index, line);
            this.record = record;
        }

        @Override
        public String text(String column) {
            int i = indexOf(column);
            return i < 0 || i >= record.size() ? null : blankToNull(record.get(i));
        }
    }
}
