package dev.merchantry.api;

/**
 * Receives progress from a long-running training call. Implementations are thread-safe and cheap, so a trainer may
 * report from parallel loops; reporting often (e.g. once per epoch or per 1% of the work) is encouraged.
 *
 * @since 0.1.0
 */
public interface ProgressListener {

    /** Ignores progress and is never cancelled. */
    ProgressListener NONE = (fraction, message) -> { };

    /**
     * @param fraction work done so far, 0..1, non-decreasing
     * @param message short human description of the current step, e.g. {@code epoch 3/20}
     * @since 0.1.0
     */
    void progress(double fraction, String message);

    /**
     * True once the job was cancelled; trainers should check it between steps and throw {@link StrategyException}.
     *
     * @since 0.1.0
     */
    default boolean cancelled() {
        return false;
    }
}
