package dev.merchantry.platform.tools.importclient;

import java.util.concurrent.atomic.AtomicLong;

/** Counters updated by the reader and the senders, read by the progress bar and the summary. */
final class ImportStats {
    final AtomicLong rowsRead = new AtomicLong();
    final AtomicLong rowsSkipped = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong clientRejected = new AtomicLong();
    final AtomicLong serverRejected = new AtomicLong();
    final AtomicLong retries = new AtomicLong();

    /** Items the server has answered for. */
    long answered() {
        return accepted.get() + duplicates.get() + serverRejected.get();
    }
}
