package dev.merchantry.platform.storage;

/**
 * How write transactions reach the database: through the embedded database's single group-committing writer, or
 * through a pooled connection of a server database. Either way, {@link #write} returns only once the transaction is
 * committed and durable.
 */
interface WriteChannel extends AutoCloseable {

    <T> T write(String what, Jdbc.InTransaction<T> work);

    /** Why the most recent commit failed, or null while commits succeed. */
    String lastError();

    @Override
    void close();
}
