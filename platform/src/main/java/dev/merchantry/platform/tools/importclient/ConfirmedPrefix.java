package dev.merchantry.platform.tools.importclient;

import java.util.HashMap;
import java.util.Map;

/**
 * Tracks how far into the file everything is settled. Batches are sent in parallel and their replies come back in
 * any order, so the checkpoint may only move past a batch once it and every batch before it are confirmed;
 * otherwise a crash could skip a batch that never landed.
 */
final class ConfirmedPrefix {

    private record Mark(long endRow, long endLine) {
    }

    private final Map<Long, Mark> waiting = new HashMap<>();
    private long nextSequence;
    private long rows;
    private long line;

    /** Starts at a resumed checkpoint's position (0, 0 for a fresh import). */
    ConfirmedPrefix(long rows, long line) {
        this.rows = rows;
        this.line = line;
    }

    /** Records a confirmed batch; true when the settled prefix grew. */
    synchronized boolean confirm(Batch batch) {
        waiting.put(batch.sequence(), new Mark(batch.endRow(), batch.endLine()));
        boolean advanced = false;
        Mark next;
        while ((next = waiting.remove(nextSequence)) != null) {
            nextSequence++;
            rows = next.endRow();
            line = next.endLine();
            advanced = true;
        }
        return advanced;
    }

    /** Leading data rows that are settled. */
    synchronized long rows() {
        return rows;
    }

    /** Line of the last settled row. */
    synchronized long line() {
        return line;
    }
}
