package dev.merchantry.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A poor man's sampling profiler for the server side: every few milliseconds it takes a stack dump of the node's
 * event-loop and worker threads (and the database writer) and counts, for the samples where a thread was doing ingestion work, which
 * component it was in. Only used in the optional profiling pass, never while measuring.
 */
final class StackSampler implements AutoCloseable {

    /** Component labels, checked from the top of the stack down; the first frame that has an owner wins. */
    private static final String[][] OWNERS = {
            {"org.sqlite.", "SQLite engine"},
            {"org.postgresql.", "PostgreSQL JDBC driver"},
            {"com.zaxxer.hikari.", "Hikari pool"},
            {"dev.merchantry.platform.storage.", "platform storage (SqlEvents, Jdbc)"},
            {"dev.merchantry.platform.ingest.BatchBody", "JSON body parsing (BatchBody)"},
            {"dev.merchantry.platform.ingest.", "validation + ingest (EventValidator, IngestService)"},
            {"dev.merchantry.platform.auth.", "authentication"},
            {"dev.merchantry.", "other platform code"},
            {"io.vertx.core.json.", "Vert.x JSON (Jackson)"},
            {"com.fasterxml.jackson.", "Vert.x JSON (Jackson)"},
            {"io.micrometer.", "metrics"},
            {"io.vertx.ext.web.", "Vert.x Web (router, body handler)"},
            {"io.vertx.", "Vert.x core (HTTP, event bus)"},
            {"io.netty.", "Netty (sockets, HTTP codec)"},
    };

    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private final Map<String, Integer> components = new ConcurrentHashMap<>();
    private final Map<String, Integer> inclusive = new ConcurrentHashMap<>();
    private final Map<String, Integer> topFrames = new ConcurrentHashMap<>();
    private final Map<String, Integer> states = new ConcurrentHashMap<>();
    private final Map<String, Integer> database = new ConcurrentHashMap<>();
    private final Map<String, Integer> waits = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private int working;

    StackSampler(long intervalMillis) {
        thread = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        for (ThreadInfo info : mx.dumpAllThreads(false, false, 200)) {
            String category = CpuMeter.category(info.getThreadName());
            if (!category.equals("event loops") && !category.equals("workers")
                    && !category.equals("database writer")) {
                continue;
            }
            StackTraceElement[] stack = info.getStackTrace();
            if (stack.length == 0) {
                continue;
            }
            String state = state(info, stack);
            states.merge(category + ": " + state, 1, Integer::sum);
            if (!state.equals("running")) {
                if (state.startsWith("waiting for the database") || state.startsWith("waiting inside")
                        || state.startsWith("blocked")) {
                    waits.merge(state + " at " + firstOwnFrame(stack), 1, Integer::sum);
                }
                continue;
            }
            synchronized (this) {
                working++;
            }
            components.merge(owner(stack), 1, Integer::sum);
            topFrames.merge(stack[0].getClassName() + "." + stack[0].getMethodName(), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            Set<String> seenDb = new HashSet<>();
            for (StackTraceElement frame : stack) {
                String cls = frame.getClassName();
                if (cls.startsWith("org.sqlite.") || cls.startsWith("org.postgresql.")) {
                    String method = simple(cls) + "." + frame.getMethodName();
                    if (seenDb.add(method)) {
                        database.merge(method, 1, Integer::sum);
                    }
                }
                if (frame.getClassName().startsWith("dev.merchantry.")) {
                    String method = simple(frame.getClassName()) + "." + frame.getMethodName();
                    if (seen.add(method)) {
                        inclusive.merge(method, 1, Integer::sum);
                    }
                }
            }
        }
    }

    /** running, or why the thread was not using a CPU. */
    private static String state(ThreadInfo info, StackTraceElement[] stack) {
        boolean busyWithRequest = false;
        for (StackTraceElement f : stack) {
            if (f.getClassName().startsWith("dev.merchantry.")) {
                busyWithRequest = true;
                break;
            }
        }
        String top = stack[0].getClassName() + "." + stack[0].getMethodName();
        switch (info.getThreadState()) {
            case RUNNABLE -> {
                if (top.startsWith("sun.nio.ch.EPoll.wait") || top.startsWith("io.netty.channel.epoll.Native.epollWait")
                        || top.startsWith("sun.nio.ch.SelectorImpl")) {
                    return "idle (waiting for I/O)";
                }
                if (top.startsWith("sun.nio.ch.Net.poll") || top.contains("SocketDispatcher.read")
                        || top.contains("socketRead")) {
                    return busyWithRequest ? "waiting for the database (socket read)" : "idle (socket read)";
                }
                return "running";
            }
            case BLOCKED -> {
                return "blocked on a monitor";
            }
            default -> {
                return busyWithRequest || inDatabase(stack) ? "waiting inside a request (lock, pool, future)"
                        : "idle (waiting for work)";
            }
        }
    }

    /** A park with database frames above the executor loop is a wait for a lock or for the writer's commit. */
    private static boolean inDatabase(StackTraceElement[] stack) {
        for (int i = 0; i < Math.min(stack.length, 12); i++) {
            if (stack[i].getClassName().startsWith("org.sqlite.")
                    || stack[i].getClassName().startsWith("dev.merchantry.platform.storage.GroupCommitWriter")) {
                return true;
            }
        }
        return false;
    }

    private static String owner(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            for (String[] owner : OWNERS) {
                if (frame.getClassName().startsWith(owner[0])) {
                    return owner[1];
                }
            }
        }
        return "JDK only";
    }

    /** The topmost frame outside the JDK (where the thread decided to wait), with its line. */
    private static String firstOwnFrame(StackTraceElement[] stack) {
        for (StackTraceElement f : stack) {
            String c = f.getClassName();
            if (!c.startsWith("java.") && !c.startsWith("jdk.") && !c.startsWith("sun.")) {
                return simple(c) + "." + f.getMethodName() + ":" + f.getLineNumber();
            }
        }
        return "JDK only";
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized int workingSamples() {
        return working;
    }

    Map<String, Integer> components() {
        return sorted(components, 20);
    }

    Map<String, Integer> inclusive() {
        return sorted(inclusive, 15);
    }

    /** Database engine or driver methods on the stack (inclusive). */
    Map<String, Integer> databaseMethods() {
        return sorted(database, 20);
    }

    /** Where busy threads waited (a lock, the pool, the database socket). */
    Map<String, Integer> waits() {
        return sorted(waits, 10);
    }

    Map<String, Integer> topFrames() {
        return sorted(topFrames, 12);
    }

    Map<String, Integer> states() {
        return sorted(states, 20);
    }

    private static Map<String, Integer> sorted(Map<String, Integer> counts, int limit) {
        List<Map.Entry<String, Integer>> entries = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .collect(Collectors.toList());
        Map<String, Integer> out = new LinkedHashMap<>();
        entries.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
