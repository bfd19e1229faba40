package dev.merchantry.platform.tools.importclient;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs items into request bodies of at most {@code maxItems} items and {@code maxBytes} bytes (the API answers
 * 413 above 16 MiB). Each item is encoded once, here, so the body's size is exact rather than estimated.
 */
final class BatchBuilder {

    /** Safely under the API's 16 MiB body limit. */
    static final int DEFAULT_MAX_BYTES = 15 * 1024 * 1024;

    private final int maxItems;
    private final int maxBytes;
    private ByteArrayOutputStream body = new ByteArrayOutputStream(1 << 16);
    private List<ImportItem> items = new ArrayList<>();
    private long sequence;

    BatchBuilder(int maxItems, int maxBytes) {
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
    }

    /** Adds an item; returns the batch it completed (the one before it when it would not fit), else null. */
    Batch add(ImportItem item) {
        byte[] json = item.body().toBuffer().getBytes();
        Batch done = null;
        if (!items.isEmpty() && body.size() + json.length + 2 > maxBytes) {
            done = finish();
        }
        body.write(items.isEmpty() ? '[' : ',');
        body.write(json, 0, json.length);
        items.add(new ImportItem(item.id(), null, item.lastRow(), item.lines(), item.productLines()));
        if (done == null && items.size() >= maxItems) {
            done = finish(); // (a batch closed for size above leaves one item, fewer than maxItems unless it is 1)
        }
        return done;
    }

    /** The batch being filled, or null when it is empty. */
    Batch finish() {
        if (items.isEmpty()) {
            return null;
        }
        body.write(']');
        ImportItem last = items.get(items.size() - 1);
        Batch batch = new Batch(sequence++, body.toByteArray(), items, last.lastRow() + 1,
                last.lines()[last.lines().length - 1]);
        body = new ByteArrayOutputStream(Math.max(1 << 16, batch.body().length + 1024));
        items = new ArrayList<>();
        return batch;
    }
}
