package dev.merchantry.platform.http;

/**
 * How the HTTP server runs: on how many event loops, and the limits that keep it available to new clients whatever
 * others do (how many connections it holds, how long a connection may sit idle, how long a new connection may take
 * to send its first request's head).
 *
 * @param maxConnections open connections at most; at the cap, the longest-idle connection is closed to admit a new
 *                       one (a new client is served while idle ones pile up), or the new one if none is idle
 * @param idleTimeoutSeconds a connection that neither sends nor receives for this long is closed
 * @param headerTimeoutMillis a new connection that has not sent a complete request head by then is closed
 * @param eventLoops HTTP server instances, one per event loop, sharing the port and the router
 */
public record HttpSettings(int maxConnections, int idleTimeoutSeconds, long headerTimeoutMillis, int eventLoops) {

    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 30;
    public static final long DEFAULT_HEADER_TIMEOUT_MILLIS = 10_000;

    public HttpSettings {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max connections must be at least 1, got " + maxConnections);
        }
        if (eventLoops < 1) {
            throw new IllegalArgumentException("event loops must be at least 1, got " + eventLoops);
        }
        if (idleTimeoutSeconds < 1) {
            throw new IllegalArgumentException("idle timeout must be at least 1 s, got " + idleTimeoutSeconds);
        }
    }

    /**
     * Defaults: one event loop per core; 10,000 connections or three quarters of the process's file descriptors,
     * if fewer.
     */
    public static HttpSettings defaults() {
        return new HttpSettings(defaultMaxConnections(), DEFAULT_IDLE_TIMEOUT_SECONDS, DEFAULT_HEADER_TIMEOUT_MILLIS,
                Runtime.getRuntime().availableProcessors());
    }

    public HttpSettings withMaxConnections(int max) {
        return new HttpSettings(max, idleTimeoutSeconds, headerTimeoutMillis, eventLoops);
    }

    public HttpSettings withEventLoops(int loops) {
        return new HttpSettings(maxConnections, idleTimeoutSeconds, headerTimeoutMillis, loops);
    }

    static int defaultMaxConnections() {
        long fds = Long.MAX_VALUE;
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            fds = unix.getMaxFileDescriptorCount();
        }
        // Leave room for the database, plugins, the cluster and log files.
        return (int) Math.max(64, Math.min(10_000, fds * 3 / 4));
    }
}
