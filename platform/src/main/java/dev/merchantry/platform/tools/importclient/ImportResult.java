package dev.merchantry.platform.tools.importclient;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What an import run did, for the summary (and tests). {@code failure} is null when the file was read to the end
 * and every batch answered; otherwise it is the one-line reason the import stopped, and the checkpoint says where
 * a re-run will resume.
 */
public record ImportResult(ImportKind kind, Path file, long rowsRead, long rowsSkipped, long sent, long requests,
                           long accepted, long duplicates, long clientRejected, long serverRejected, long retries,
                           Path rejectsFile, long rejectsKept, long checkpointRows, Path checkpointFile,
                           Duration elapsed, String failure) {

    public boolean completed() {
        return failure == null;
    }

    public long rejected() {
        return clientRejected + serverRejected;
    }

    /** Items the server answered for per second of the run. */
    public double itemsPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s <= 0 ? 0 : (accepted + duplicates + serverRejected) / s;
    }
}
