package dev.merchantry.platform.tools.importclient;

import java.util.List;

/**
 * One request body and what is needed to account for its reply: the item at each index (to map rejects back to
 * lines), and how far into the file the batch reaches (so the checkpoint can move past it once it and all earlier
 * batches are confirmed).
 *
 * @param sequence order of the batch in the file, from 0
 * @param body     the JSON array sent
 * @param items    the items in body order (their bodies are dropped once encoded; ids and lines are kept)
 * @param endRow   data rows before this index are settled once this batch (and all before it) is confirmed
 * @param endLine  line of row {@code endRow - 1}
 */
record Batch(long sequence, byte[] body, List<ImportItem> items, long endRow, long endLine) {

    int size() {
        return items.size();
    }
}
