package dev.merchantry.api.model;

import dev.merchantry.api.StrategyException;

/**
 * Serialized model bytes cannot be read: wrong strategy, unknown format version, or truncated/corrupt payload.
 *
 * @since 0.1.0
 */
public class ModelFormatException extends StrategyException {

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
