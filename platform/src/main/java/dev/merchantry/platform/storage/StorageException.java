package dev.merchantry.platform.storage;

/** A storage failure with a message that says what was being done; wraps the driver's exception. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
