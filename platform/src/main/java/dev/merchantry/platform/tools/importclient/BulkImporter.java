package dev.merchantry.platform.tools.importclient;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Runs one import: streams the file through its {@link RowMapper} on the calling thread, packs items into batches
 * and posts them on {@code concurrency} sender threads. A few batches at most are in memory at once (the reader
 * waits for a free sender), so a file of any size streams in constant memory. Replies feed the counters, the
 * rejects file and the checkpoint; the first fatal error stops reading, lets the batches in flight finish and
 * keeps the checkpoint for a re-run.
 */
public final class BulkImporter {

    /** Checkpoint writes at most this often (plus once when the run stops): a crash re-sends at most a second's worth. */
    private static final long CHECKPOINT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ImportSettings settings;
    private final PrintWriter err;
    private final boolean terminal;
    private final ImportStats stats = new ImportStats();
    private volatile String failure;

    private RejectsFile rejects;
    private ConfirmedPrefix prefix;
    private ImportCheckpoint checkpoint;
    private Path checkpointPath;
    private ProgressReporter progress;
    private long lastSaveNanos = System.nanoTime() - CHECKPOINT_INTERVAL_NANOS;
    private boolean checkpointBroken;

    /** {@code err} gets the progress bar and notes; {@code terminal} selects {@code \r} redraws over plain lines. */
    public BulkImporter(ImportSettings settings, PrintWriter err, boolean terminal) {
        this.settings = settings;
        this.err = err;
        this.terminal = terminal;
    }

    /**
     * Imports the file. Problems found before anything is sent (no file, missing columns) are thrown; problems
     * during the run (bad key, server unreachable) end it and are reported in {@link ImportResult#failure()}.
     */
    public ImportResult run() throws ImportException, InterruptedException {
        long start = System.nanoTime();
        Path file = settings.file();
        ImportKind kind = settings.kind();
        URI endpoint = endpoint();
        long size;
        long modified;
        try {
            size = Files.size(file);
            modified = Files.getLastModifiedTime(file).toMillis();
        } catch (NoSuchFileException e) {
            throw new ImportException(file + ": no such file");
        } catch (IOException e) {
            throw new ImportException(file + ": cannot read: " + e.getMessage());
        }
        checkpointPath = ImportCheckpoint.pathFor(file);
        checkpoint = new ImportCheckpoint(kind.flag(), settings.url(), settings.shop(), size, modified, 0, 0);
        ImportCheckpoint resumed = settings.restart() ? null : ImportCheckpoint.load(checkpointPath);
        if (resumed != null && !resumed.matches(checkpoint)) {
            err.println("note: ignoring " + checkpointPath.getFileName()
                    + ": it was written for another version of the file, kind, server or shop");
            resumed = null;
        }
        long skipRows = resumed == null ? 0 : resumed.rows();
        if (skipRows > 0) {
            err.printf(Locale.ROOT, "note: resuming: skipping the first %,d rows (through line %d), confirmed by an "
                    + "earlier run (--restart sends everything again)%n", skipRows, resumed.line());
        }
        err.flush();
        prefix = new ConfirmedPrefix(skipRows, resumed == null ? 0 : resumed.line());

        try (RowSource source = openSource(file, kind)) {
            rejects = RejectsFile.start(settings.rejectsPath(), resumed == null ? -1 : resumed.line());
            RowMapper mapper = RowMapper.forKind(kind, source instanceof NdjsonRowSource,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS));
            progress = new ProgressReporter(err, terminal, size, source::bytesRead, stats, kind.unit());
            progress.start();
            Thread hook = new Thread(() -> saveCheckpoint(true), "merchantry-import-checkpoint");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                pump(source, mapper, endpoint, skipRows);
            } finally {
                removeHook(hook);
                progress.close();
            }
        } catch (IOException e) {
            fail(file.getFileName() + ": " + e.getMessage());
        } finally {
            closeRejects();
        }

        if (failure == null) {
            try {
                Files.deleteIfExists(checkpointPath);
            } catch (IOException e) {
                err.println("note: cannot delete " + checkpointPath + ": " + e.getMessage());
            }
        } else {
            saveCheckpoint(true);
        }
        boolean anyRejects = rejects != null && rejects.written() + rejects.kept() > 0;
        return new ImportResult(kind, file, stats.rowsRead.get(), stats.rowsSkipped.get(), stats.sent.get(),
                stats.requests.get(), stats.accepted.get(), stats.duplicates.get(), stats.clientRejected.get(),
                stats.serverRejected.get(), stats.retries.get(), anyRejects ? rejects.path() : null,
                rejects == null ? 0 : rejects.kept(), prefix.rows(), checkpointPath,
                Duration.ofNanos(System.nanoTime() - start), failure);
    }

    private RowSource openSource(Path file, ImportKind kind) throws ImportException {
        RowSource source;
        try {
            source = RowSource.open(file, kind.aliases());
        } catch (NoSuchFileException e) {
            throw new ImportException(file + ": no such file");
        } catch (IOException e) {
            throw new ImportException(file.getFileName() + ": " + e.getMessage());
        }
        List<String> missing = source.missingColumns(kind.requiredColumns());
        if (!missing.isEmpty()) {
            String header = source instanceof CsvRowSource csv ? String.join(",", csv.header()) : "";
            closeQuietly(source);
            String names = missing.stream().map(c -> kind.aliases().containsKey(c)
                    ? c + " (or " + String.join(", ", kind.aliases().get(c)) + ")" : c).collect(Collectors.joining(", "));
            throw new ImportException(file.getFileName() + ": missing required column" + (missing.size() > 1 ? "s " : " ")
                    + names + " for --" + kind.flag() + " (header: " + header + ")");
        }
        return source;
    }

    /** Reads, maps and hands batches to the senders; returns when every batch sent has been answered. */
    private void pump(RowSource source, RowMapper mapper, URI endpoint, long skipRows)
            throws IOException, InterruptedException {
        ImportKind kind = settings.kind();
        ImportClient client = new ImportClient(endpoint, kind.method(), settings.apiKey(), kind.idField(),
                new ImportClient.RetryPolicy(settings.attempts(), settings.firstRetryDelay(), Duration.ofSeconds(15)),
                (attempt, attempts, delay, reason) -> {
                    stats.retries.incrementAndGet();
                    progress.note(String.format(Locale.ROOT, "retrying in %.1f s (attempt %d of %d): %s",
                            delay.toMillis() / 1000.0, attempt, attempts, reason));
                },
                () -> failure != null);
        int concurrency = settings.concurrency();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "merchantry-import-sender-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Semaphore slots = new Semaphore(concurrency * 2);
        BatchBuilder builder = new BatchBuilder(settings.batchSize(), BatchBuilder.DEFAULT_MAX_BYTES);
        IOException[] writeError = new IOException[1];
        ItemSink sink = new ItemSink() {
            @Override
            public void item(ImportItem item) {
                if (item.lastRow() >= skipRows) {
                    Batch full = builder.add(item);
                    if (full != null) {
                        submit(full, senders, slots, client);
                    }
                }
            }

            @Override
            public void reject(long row, Rejection rejection) {
                if (row >= skipRows) {
                    stats.clientRejected.incrementAndGet();
                    try {
                        rejects.write(rejection);
                    } catch (IOException e) {
                        writeError[0] = e;
                    }
                }
            }
        };
        try {
            SourceRow row;
            while (failure == null && writeError[0] == null && (row = source.next()) != null) {
                stats.rowsRead.incrementAndGet();
                if (row.index() < skipRows) {
                    stats.rowsSkipped.incrementAndGet();
                }
                mapper.map(row, sink);
            }
            if (failure == null && writeError[0] == null) {
                mapper.finish(sink);
                Batch last = builder.finish();
                if (last != null) {
                    submit(last, senders, slots, client);
                }
            }
            if (writeError[0] != null) {
                fail("cannot write " + rejects.path() + ": " + writeError[0].getMessage());
            }
        } catch (RuntimeException e) {
            fail(Thread.currentThread().isInterrupted() ? "interrupted" : "unexpected error: " + e);
            senders.shutdownNow();
        } catch (IOException e) {
            fail(settings.file().getFileName() + ": " + e.getMessage());
        } finally {
            senders.shutdown();
            while (!senders.awaitTermination(1, TimeUnit.SECONDS)) {
                // batches in flight finish (or give up after their retries)
            }
        }
    }

    /** Waits for a free slot (bounding memory), then posts the batch on a sender thread. */
    private void submit(Batch batch, ExecutorService senders, Semaphore slots, ImportClient client) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        if (failure != null) {
            slots.release();
            return;
        }
        stats.sent.addAndGet(batch.size());
        stats.requests.incrementAndGet();
        senders.execute(() -> {
            try {
                BatchReply reply = client.send(batch.body());
                if (reply != null) {
                    account(batch, reply);
                    if (prefix.confirm(batch)) {
                        saveCheckpoint(false);
                    }
                }
            } catch (ImportException e) {
                fail(e.getMessage());
            } catch (InterruptedException e) {
                fail("interrupted");
            } catch (IOException e) {
                fail("cannot write " + rejects.path() + ": " + e.getMessage());
            } catch (RuntimeException e) {
                fail("unexpected error: " + e);
            } finally {
                slots.release();
            }
        });
    }

    /** Adds a reply to the counters and maps its rejects (positions in the batch) back to file lines. */
    private void account(Batch batch, BatchReply reply) throws IOException {
        stats.accepted.addAndGet(reply.accepted());
        stats.duplicates.addAndGet(reply.duplicates());
        for (BatchReply.Rejected r : reply.rejected()) {
            stats.serverRejected.incrementAndGet();
            ImportItem item = r.index() >= 0 && r.index() < batch.size() ? batch.items().get(r.index()) : null;
            String id = r.id() != null ? r.id() : item == null ? "" : item.id();
            List<BatchReply.FieldError> errors = r.errors().isEmpty()
                    ? List.of(new BatchReply.FieldError("", "rejected by the server")) : r.errors();
            for (BatchReply.FieldError e : errors) {
                rejects.write(new Rejection(item == null ? "?" : item.lineFor(e.field()), id, e.field(), e.message()));
            }
        }
    }

    private void fail(String message) {
        synchronized (this) {
            if (failure == null) {
                failure = ImportException.oneLine(message);
            }
        }
    }

    /** Saves how far the file is confirmed, after flushing the rejects of those rows (throttled unless forced). */
    private synchronized void saveCheckpoint(boolean force) {
        if (checkpointBroken || prefix == null || prefix.rows() == 0) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastSaveNanos < CHECKPOINT_INTERVAL_NANOS) {
            return;
        }
        lastSaveNanos = now;
        try {
            if (rejects != null) {
                rejects.flush();
            }
            checkpoint.at(prefix.rows(), prefix.line()).save(checkpointPath);
        } catch (IOException e) {
            checkpointBroken = true;
            String message = "note: cannot write " + checkpointPath + " (" + e.getMessage()
                    + "); an interrupted import will have to start over";
            if (progress != null) {
                progress.note(message);
            } else {
                err.println(message);
            }
        }
    }

    private URI endpoint() throws ImportException {
        String shop = URLEncoder.encode(settings.shop(), StandardCharsets.UTF_8).replace("+", "%20");
        try {
            return URI.create(settings.url() + "/api/v1/shops/" + shop + "/" + settings.kind().resource());
        } catch (IllegalArgumentException e) {
            throw new ImportException("--url " + settings.url() + " is not a valid address: " + e.getMessage());
        }
    }

    private void closeRejects() {
        if (rejects != null) {
            try {
                rejects.close();
            } catch (IOException e) {
                fail("cannot write " + rejects.path() + ": " + e.getMessage());
            }
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or will run: nothing to undo
        }
    }

    private static void closeQuietly(RowSource source) {
        try {
            source.close();
        } catch (IOException ignored) {
            // already failing with a clearer message
        }
    }
}
