package dev.merchantry.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * An HTTP load generator on its own one-thread Vert.x instance (non-blocking, so one core drives well over ten
 * thousand requests per second, which the JDK client could not on these two cores).
 *
 * <ul>
 *   <li>{@link #closedLoop}: a fixed number of requests in flight, each answered one replaced at once — finds the
 *   saturation throughput.</li>
 *   <li>{@link #openLoop}: requests issued on a fixed schedule whatever the server does (arrivals do not wait for
 *   replies), latency counted from the moment each request was <em>due</em>, so a stalled server or a late generator
 *   shows in the percentiles instead of hiding (no coordinated omission). Requests due within one millisecond are
 *   issued together at that millisecond's tick: a slightly burstier arrival pattern than an even spacing.</li>
 * </ul>
 */
final class HttpLoad implements AutoCloseable {

    /** What one phase measured. */
    record Result(String name, long requests, double seconds, long[] latencyNanos, long[] startNanos,
                  double offeredPerSecond) {

        /** p99 and maximum latency (ms) of the requests due in each second of the run. */
        String timeline() {
            if (startNanos.length == 0) {
                return "";
            }
            long first = Arrays.stream(startNanos).min().orElse(0);
            int seconds = (int) ((Arrays.stream(startNanos).max().orElse(0) - first) / 1_000_000_000L) + 1;
            StringBuilder out = new StringBuilder();
            for (int s = 0; s < seconds; s++) {
                long from = first + s * 1_000_000_000L;
                long[] in = java.util.stream.IntStream.range(0, startNanos.length)
                        .filter(i -> startNanos[i] >= from && startNanos[i] < from + 1_000_000_000L)
                        .mapToLong(i -> latencyNanos[i]).sorted().toArray();
                if (in.length > 0) {
                    out.append(String.format(" [%ds n=%d p99=%.1f max=%.1f]", s, in.length,
                            in[(int) Math.min(in.length - 1, Math.ceil(in.length * 0.99) - 1)] / 1e6,
                            in[in.length - 1] / 1e6));
                }
            }
            return out.toString();
        }

        double perSecond() {
            return requests / seconds;
        }

        /** Nearest-rank percentile (0-100) of latency in milliseconds. */
        double millis(double percentile) {
            long[] sorted = latencyNanos.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
        }
    }

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final HttpClient client;
    private final String host;
    private final int port;
    private final String authorization;

    HttpLoad(String host, int port, String authorization, int connections) {
        this.host = host;
        this.port = port;
        this.authorization = authorization;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    }

    /** {@code concurrency} requests in flight for {@code seconds}. */
    Result closedLoop(String name, IntFunction<String> paths, int concurrency, int seconds) throws Exception {
        Recorder recorder = new Recorder();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Promise<Void> done = Promise.promise();
        int[] active = {concurrency};
        long t0 = System.nanoTime();
        vertx.runOnContext(v -> {
            for (int c = 0; c < concurrency; c++) {
                new Runnable() {
                    @Override
                    public void run() {
                        if (System.nanoTime() >= end || recorder.failure.get() != null) {
                            if (--active[0] == 0) {
                                done.complete();
                            }
                            return;
                        }
                        long start = System.nanoTime();
                        send(paths.apply(recorder.issued++)).onComplete(ar -> {
                            recorder.record(ar, start);
                            run();
                        });
                    }
                }.run();
            }
        });
        done.future().toCompletionStage().toCompletableFuture().get(seconds + 60L, TimeUnit.SECONDS);
        return recorder.result(name, (System.nanoTime() - t0) / 1e9, 0);
    }

    /** {@code perSecond} requests a second on a fixed schedule for {@code seconds}, then waits for the replies. */
    Result openLoop(String name, IntFunction<String> paths, double perSecond, int seconds) throws Exception {
        Recorder recorder = new Recorder();
        long total = (long) (perSecond * seconds);
        Promise<Void> done = Promise.promise();
        long t0 = System.nanoTime();
        long[] completed = {0};
        vertx.runOnContext(v -> vertx.setPeriodic(1, 1, timer -> {
            long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;
            // Every request whose slot (the millisecond it falls in) has begun is due; its clock starts at the slot.
            while (recorder.issued < total) {
                long slot = (long) (recorder.issued * 1000.0 / perSecond);
                if (slot > elapsedMillis) {
                    break;
                }
                long due = t0 + slot * 1_000_000;
                recorder.issued++;
                send(paths.apply((int) recorder.issued)).onComplete(ar -> {
                    recorder.record(ar, due); // a failure is recorded too, and reported once all have answered
                    if (++completed[0] == total) {
                        done.complete();
                    }
                });
            }
            if (recorder.issued >= total) {
                vertx.cancelTimer(timer);
            }
        }));
        done.future().toCompletionStage().toCompletableFuture().get(seconds + 60L, TimeUnit.SECONDS);
        return recorder.result(name, (System.nanoTime() - t0) / 1e9, perSecond);
    }

    private Future<Integer> send(String path) {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port)
                .setURI(path).putHeader("Authorization", authorization);
        return client.request(request).compose(r -> r.send()).compose(response -> {
            int status = response.statusCode();
            return response.body().map(body -> {
                if (status != 200) {
                    throw new IllegalStateException(path + " -> " + status + " " + body);
                }
                return status;
            });
        });
    }

    /** Latencies of one phase; touched only on the generator's one event-loop thread. */
    private static final class Recorder {
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        int issued;
        long[] latencies = new long[1 << 16];
        long[] starts = new long[1 << 16];
        int count;

        void record(io.vertx.core.AsyncResult<Integer> ar, long startNanos) {
            if (ar.failed()) {
                failure.compareAndSet(null, ar.cause());
                return;
            }
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
                starts = Arrays.copyOf(starts, count * 2);
            }
            starts[count] = startNanos;
            latencies[count++] = System.nanoTime() - startNanos;
        }

        Result result(String name, double seconds, double offered) {
            if (failure.get() != null) {
                throw new IllegalStateException(name + ": " + failure.get().getMessage(), failure.get());
            }
            return new Result(name, count, seconds, Arrays.copyOf(latencies, count), Arrays.copyOf(starts, count), offered);
        }
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
