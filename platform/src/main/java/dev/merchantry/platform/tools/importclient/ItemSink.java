package dev.merchantry.platform.tools.importclient;

/** Where a {@link RowMapper} puts what it made of the rows: items to send, and rows it rejects locally. */
interface ItemSink {

    void item(ImportItem item);

    /** A row that will not be sent; {@code row} is its data-row index (rows before the checkpoint are not reported). */
    void reject(long row, Rejection rejection);
}
