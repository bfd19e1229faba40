package dev.merchantry.platform.storage;

/** A unique-key violation (SQLState 23505 on PostgreSQL, SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY on SQLite), e.g. a shop id that already exists. */
public class DuplicateKeyException extends StorageException {
    public DuplicateKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
