package dev.merchantry.platform.storage;

import java.time.Instant;

/**
 * Login attempts counted per subject (an account or a client address) and fixed time window, in the shared database
 * so that every node sees the same counts.
 */
public interface LoginAttemptRepository {

    /** Counts one attempt of {@code subject} in the window starting at {@code window}, atomically; returns the new count. */
    int increment(String subject, Instant window);

    /**
     * Counts one attempt of {@code subject} in the window starting at {@code window}, atomically, and returns the
     * new count plus the count of the window starting at {@code previous} (which no longer changes).
     */
    int incrementWithPrevious(String subject, Instant window, Instant previous);

    /** Takes one attempt back (e.g. it succeeded and so is no failure). */
    void decrement(String subject, Instant window);

    /** Deletes the counts of windows that started before {@code before}; returns how many. */
    int deleteBefore(Instant before);
}
