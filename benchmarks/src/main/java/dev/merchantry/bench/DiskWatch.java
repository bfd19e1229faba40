package dev.merchantry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Watches a database directory while the benchmark writes to it: its peak size (an embedded database file can grow far
 * beyond the data it holds) and the free space left on its file system. When free space falls under a floor it
 * trips, and the load driver stops with a clear error instead of filling a shared machine's disk.
 */
final class DiskWatch implements AutoCloseable {

    private final Path dir;
    private final long floorBytes;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peakBytes;
    private volatile long minFreeBytes = Long.MAX_VALUE;
    private volatile boolean tripped;

    DiskWatch(Path dir, long floorBytes) {
        this.dir = dir;
        this.floorBytes = floorBytes;
        thread = new Thread(() -> {
            while (running) {
                poll();
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-disk-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        long size = size(dir);
        peakBytes = Math.max(peakBytes, size);
        try {
            long free = Files.getFileStore(dir).getUsableSpace();
            minFreeBytes = Math.min(minFreeBytes, free);
            if (free < floorBytes) {
                tripped = true;
            }
        } catch (IOException ignored) {
            // the directory may be gone while shutting down
        }
    }

    static long size(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Null while there is room; else why the run must stop. */
    String problem() {
        return tripped ? String.format("stopped: less than %d MiB left free on the disk holding %s (the database"
                + " file reached %d MiB); free some space or run fewer --events", floorBytes >> 20, dir,
                peakBytes >> 20) : null;
    }

    long peakBytes() {
        return peakBytes;
    }

    long minFreeBytes() {
        return minFreeBytes;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
