package dev.merchantry.platform.tools.importclient;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The progress line on stderr: share of the file's bytes read, rows, items per second and time left. On a terminal
 * it redraws one line with {@code \r} four times a second; in a log (stderr redirected) it prints a plain line every
 * five seconds instead of filling the log with carriage returns. Runs on its own thread, so it keeps ticking while
 * the reader waits for the server.
 */
final class ProgressReporter implements AutoCloseable {

    private static final int BAR = 24;
    /** The rate shown is over this recent window, so it reflects the current pace rather than the JVM's warm-up. */
    private static final double RATE_WINDOW_SECONDS = 5;

    private final PrintWriter err;
    private final boolean terminal;
    private final long totalBytes;
    private final LongSupplier bytesRead;
    private final ImportStats stats;
    private final String unit;
    private final long startNanos = System.nanoTime();
    private ScheduledExecutorService timer;
    private final ArrayDeque<double[]> samples = new ArrayDeque<>();
    private int drawn;

    ProgressReporter(PrintWriter err, boolean terminal, long totalBytes, LongSupplier bytesRead, ImportStats stats,
                     String unit) {
        this.err = err;
        this.terminal = terminal;
        this.totalBytes = totalBytes;
        this.bytesRead = bytesRead;
        this.stats = stats;
        this.unit = unit;
    }

    void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "merchantry-import-progress");
            t.setDaemon(true);
            return t;
        });
        long period = terminal ? 250 : 5000;
        timer.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /** A message on its own line (the bar is redrawn below it at the next tick). */
    synchronized void note(String message) {
        clearBar();
        err.println(message);
        err.flush();
    }

    private synchronized void tick() {
        String line = render(bytesRead.getAsLong(), (System.nanoTime() - startNanos) / 1e9);
        if (terminal) {
            String padded = line.length() < drawn ? line + " ".repeat(drawn - line.length()) : line;
            err.print("\r" + padded);
            drawn = line.length();
        } else {
            err.println(line);
        }
        err.flush();
    }

    String render(long bytes, double seconds) {
        double fraction = totalBytes <= 0 ? 1 : Math.min(1, (double) bytes / totalBytes);
        long rate = rate(seconds, stats.answered());
        String eta = fraction <= 0 || seconds < 1 ? "--:--" : duration(seconds * (1 - fraction) / fraction);
        String counts = String.format(Locale.ROOT, "%,d rows  %,d %s/s  ETA %s", stats.rowsRead.get(), rate, unit, eta);
        if (terminal) {
            int filled = (int) Math.round(fraction * BAR);
            return String.format(Locale.ROOT, "import %3d%% [%s%s] %s", Math.round(fraction * 100 - 0.5),
                    "#".repeat(filled), ".".repeat(BAR - filled), counts);
        }
        return String.format(Locale.ROOT, "import: %d%% of %s, %s", Math.round(fraction * 100 - 0.5),
                bytesText(totalBytes), counts.replace("  ", ", "));
    }

    /** Items answered per second over the last few seconds. */
    private long rate(double seconds, long answered) {
        samples.addLast(new double[] {seconds, answered});
        while (samples.size() > 2 && seconds - samples.peekFirst()[0] > RATE_WINDOW_SECONDS) {
            samples.removeFirst();
        }
        double[] first = samples.size() > 1 ? samples.peekFirst() : new double[] {0, 0};
        double dt = seconds - first[0];
        return dt <= 0 ? 0 : Math.round((answered - first[1]) / dt);
    }

    private void clearBar() {
        if (terminal && drawn > 0) {
            err.print("\r" + " ".repeat(drawn) + "\r");
            drawn = 0;
        }
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    static String bytesText(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        clearBar();
        err.flush();
    }
}
