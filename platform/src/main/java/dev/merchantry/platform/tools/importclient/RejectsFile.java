package dev.merchantry.platform.tools.importclient;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The rejects file, {@code line,id,field,message}, one row per error, so a person can fix the file and import again.
 * It is created at the first reject (a clean import leaves none). A resumed import keeps the previous run's rejects
 * for the lines it skips and replaces the rest, so the file always describes the whole input exactly once.
 */
final class RejectsFile implements Closeable {

    static final String[] HEADER = {"line", "id", "field", "message"};
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

    private final Path path;
    private final long kept;
    private CSVPrinter printer;
    private long written;

    private RejectsFile(Path path, long kept) {
        this.path = path;
        this.kept = kept;
    }

    /**
     * Starts the rejects of a run. {@code keepThroughLine} &lt; 0 (a fresh import) removes an old file; otherwise the
     * old file's rows for lines up to it are kept (those lines are skipped this time) and the others dropped.
     */
    static RejectsFile start(Path path, long keepThroughLine) throws IOException {
        if (keepThroughLine < 0 || !Files.exists(path)) {
            Files.deleteIfExists(path);
            return new RejectsFile(path, 0);
        }
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        long kept = 0;
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in);
             CSVPrinter out = new CSVPrinter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8), FORMAT)) {
            out.printRecord((Object[]) HEADER);
            for (CSVRecord r : parser) {
                if (r.size() >= HEADER.length && firstLine(r.get(0)) <= keepThroughLine) {
                    out.printRecord(r.get(0), r.get(1), r.get(2), r.get(3));
                    kept++;
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(path);
            return new RejectsFile(path, 0);
        }
        if (kept == 0) {
            Files.delete(tmp);
            Files.delete(path);
        } else {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
        return new RejectsFile(path, kept);
    }

    private static long firstLine(String line) {
        int dash = line.indexOf('-');
        try {
            return Long.parseLong(dash > 0 ? line.substring(0, dash) : line);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    synchronized void write(Rejection r) throws IOException {
        if (printer == null) {
            boolean append = kept > 0;
            BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            printer = new CSVPrinter(w, FORMAT);
            if (!append) {
                printer.printRecord((Object[]) HEADER);
            }
        }
        printer.printRecord(r.line(), r.id() == null ? "" : r.id(), r.field() == null ? "" : r.field(), r.message());
        written++;
    }

    /** Makes what was written durable before the checkpoint moves past it. */
    synchronized void flush() throws IOException {
        if (printer != null) {
            printer.flush();
        }
    }

    Path path() {
        return path;
    }

    /** Rows kept from the previous run. */
    long kept() {
        return kept;
    }

    /** Rows written by this run. */
    synchronized long written() {
        return written;
    }

    @Override
    public synchronized void close() throws IOException {
        if (printer != null) {
            printer.close();
            printer = null;
        }
    }
}
