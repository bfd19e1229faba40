package dev.merchantry.api;

/**
 * A strategy cannot do what was asked (bad data, unreachable dependency, cancelled). The platform reports the
 * message to the caller and, for queries, falls back to the shop's fallback strategy; it never crashes the node.
 *
 * @since 0.1.0
 */
public class StrategyException extends RuntimeException {

    public StrategyException(String message) {
        super(message);
    }

    public StrategyException(String message, Throwable cause) {
        super(message, cause);
    }
}
