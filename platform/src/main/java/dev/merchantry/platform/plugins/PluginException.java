package dev.merchantry.platform.plugins;

/** A plugin operation that cannot be done; the message is shown to the operator. */
public class PluginException extends RuntimeException {
    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
