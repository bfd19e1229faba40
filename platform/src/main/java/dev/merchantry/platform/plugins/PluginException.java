package dev.merchantry.platform.plugins;

/** A plugin operation that cannot be done; the message is shown to the operator, the kind picks the HTTP status. */
public class PluginException extends RuntimeException {

    /** Why the operation was refused. */
    public enum Kind {
        /** The archive or request is wrong (bad archive, bad descriptor, fails to start): HTTP 400. */
        INVALID,
        /** No such plugin: HTTP 404. */
        NOT_FOUND,
        /** The request clashes with what is installed (id or strategy id taken, version not newer): HTTP 409. */
        CONFLICT
    }

    private final Kind kind;

    public PluginException(String message) {
        this(Kind.INVALID, message);
    }

    public PluginException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
        this.kind = Kind.INVALID;
    }

    public Kind kind() {
        return kind;
    }
}
