package dev.merchantry.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends pre-serialized batches with a fixed number of requests in flight ({@code concurrency} sender threads, each
 * waiting for its reply before taking the next batch) over one {@link HttpClient} (HTTP/1.1, kept-alive
 * connections), and times every request.
 */
final class LoadDriver {

    /** Checks one reply body; returns an error message, or null when the reply is what the phase expects. */
    @FunctionalInterface
    interface ReplyCheck {
        String check(EventCorpus.Batch batch, int status, String body);
    }

    /** What one phase measured. Times are nanoseconds. */
    record Run(long events, int requests, long wallNanos, long[] latencyNanos, long[] completedAtNanos,
               int[] eventsPerRequest) {

        double seconds() {
            return wallNanos / 1e9;
        }

        double eventsPerSecond() {
            return events / seconds();
        }

        /** Percentile (0-100) of request latency, in milliseconds (nearest-rank). */
        double latencyMillis(double percentile) {
            long[] sorted = latencyNanos.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
        }

        /**
         * Throughput in each tenth of the run (by completed requests), to show whether the rate is sustained or
         * drifts as the tables grow.
         */
        double[] deciles() {
            int n = completedAtNanos.length;
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Long.compare(completedAtNanos[a], completedAtNanos[b]));
            int parts = Math.min(10, n);
            double[] rates = new double[parts];
            long previousEnd = 0;
            int index = 0;
            for (int part = 0; part < parts; part++) {
                int end = (int) ((long) n * (part + 1) / parts);
                long events = 0;
                for (; index < end; index++) {
                    events += eventsPerRequest[order[index]];
                }
                long endAt = completedAtNanos[order[end - 1]];
                rates[part] = events / ((endAt - previousEnd) / 1e9);
                previousEnd = endAt;
            }
            return rates;
        }
    }

    private final HttpClient client;
    private final int concurrency;

    LoadDriver(int concurrency) {
        this.concurrency = concurrency;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    HttpClient client() {
        return client;
    }

    Run send(URI uri, String authorization, List<EventCorpus.Batch> batches, ReplyCheck check) {
        int n = batches.size();
        long[] latency = new long[n];
        long[] completedAt = new long[n];
        int[] counts = new int[n];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> senders = new ArrayList<>(concurrency);
        long t0 = System.nanoTime();
        for (int s = 0; s < concurrency; s++) {
            Thread sender = new Thread(() -> {
                int i;
                while (failure.get() == null && (i = next.getAndIncrement()) < n) {
                    EventCorpus.Batch batch = batches.get(i);
                    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(batch.body()));
                    if (authorization != null) {
                        request.header("Authorization", authorization);
                    }
                    try {
                        long start = System.nanoTime();
                        HttpResponse<String> reply = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                        long end = System.nanoTime();
                        String problem = check.check(batch, reply.statusCode(), reply.body());
                        if (problem != null) {
                            failure.compareAndSet(null, new IllegalStateException("request " + i + " to " + uri
                                    + ": " + problem));
                            return;
                        }
                        latency[i] = end - start;
                        completedAt[i] = end - t0;
                        counts[i] = batch.events();
                    } catch (IOException | RuntimeException e) {
                        failure.compareAndSet(null, e);
                        return;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        failure.compareAndSet(null, e);
                        return;
                    }
                }
            }, "bench-client-" + s);
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            try {
                sender.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        long wall = System.nanoTime() - t0;
        if (failure.get() != null) {
            Throwable t = failure.get();
            throw t instanceof RuntimeException re ? re : new IllegalStateException(t.toString(), t);
        }
        long events = 0;
        for (int c : counts) {
            events += c;
        }
        return new Run(events, n, wall, latency, completedAt, counts);
    }
}
