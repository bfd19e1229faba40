package dev.merchantry.platform.storage;

/**
 * Lifecycle of a training job; wire names are lower-case.
 * <pre>
 *   QUEUED ──claim──▶ RUNNING ──▶ SUCCEEDED | FAILED
 *     ▲                  │
 *     └──────────────────┘  its node stopped (graceful stop, restart, or lease expired after a crash)
 * </pre>
 * A job whose node dies while it runs its last allowed attempt (3 by default) fails instead ("given up"), so a job
 * that kills every node that runs it cannot take the whole cluster down in turn.
 */
public enum JobState { QUEUED, RUNNING, SUCCEEDED, FAILED }
