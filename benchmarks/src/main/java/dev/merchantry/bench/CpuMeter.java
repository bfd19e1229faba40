package dev.merchantry.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the machine's CPU went during a phase: the benchmark's own client threads, the node's event loops and
 * worker threads, the JVM's native threads (GC, JIT), the PostgreSQL server's processes, and every other process
 * on the machine (which should be idle: a concurrent build skews the figures). Cheap enough to leave on during measured runs (it reads counters only at the phase's ends).
 */
final class CpuMeter {

    /** Counters at one instant. */
    record Snapshot(long machineBusyJiffies, long machineTotalJiffies, long processCpuNanos, long databaseJiffies,
                    Map<Long, Long> threadCpuNanos, Map<Long, String> threadNames, long gcCount, long gcMillis,
                    long atNanos) {
    }

    /** Core-seconds per consumer over a phase, and the phase's wall time. */
    record Usage(Map<String, Double> coreSeconds, double wallSeconds, long gcCount, long gcMillis) {

        double busyCores() {
            return coreSeconds.values().stream().mapToDouble(Double::doubleValue).sum() / wallSeconds;
        }
    }

    private static final double JIFFY = 0.01; // USER_HZ is 100 on Linux
    private volatile long databasePid = -1;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    CpuMeter() {
        if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
    }

    /** Counts the CPU of this process and its descendants as "PostgreSQL processes" (-1: none). */
    void databaseProcess(long pid) {
        this.databasePid = pid;
    }

    Snapshot snapshot() {
        long[] machine = machineJiffies();
        long database = databasePid > 0 ? processTreeJiffies(databasePid) : 0;
        Map<Long, Long> cpu = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            long t = threads.getThreadCpuTime(ids[i]);
            if (t >= 0 && infos[i] != null) {
                cpu.put(ids[i], t);
                names.put(ids[i], infos[i].getThreadName());
            }
        }
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        return new Snapshot(machine[0], machine[1], os.getProcessCpuTime(), database, cpu, names, gcCount, gcMillis,
                System.nanoTime());
    }

    Usage between(Snapshot a, Snapshot b) {
        Map<String, Double> usage = new LinkedHashMap<>();
        for (String category : new String[] {"client", "event loops", "workers", "database writer",
                "other java threads",
                "JVM native (GC, JIT)", "PostgreSQL processes", "other processes"}) {
            usage.put(category, 0.0);
        }
        double javaThreads = 0;
        for (Map.Entry<Long, Long> e : b.threadCpuNanos().entrySet()) {
            long before = a.threadCpuNanos().getOrDefault(e.getKey(), 0L);
            double seconds = (e.getValue() - before) / 1e9;
            javaThreads += seconds;
            usage.merge(category(b.threadNames().get(e.getKey())), seconds, Double::sum);
        }
        double process = (b.processCpuNanos() - a.processCpuNanos()) / 1e9;
        usage.put("JVM native (GC, JIT)", Math.max(0, process - javaThreads));
        double database = Math.max(0, (b.databaseJiffies() - a.databaseJiffies()) * JIFFY);
        usage.put("PostgreSQL processes", database);
        double machine = (b.machineBusyJiffies() - a.machineBusyJiffies()) * JIFFY;
        // Everything else the machine did: other programs (a concurrent build skews the figures), the kernel.
        usage.put("other processes", Math.max(0, machine - process - database));
        return new Usage(usage, (b.atNanos() - a.atNanos()) / 1e9, b.gcCount() - a.gcCount(),
                b.gcMillis() - a.gcMillis());
    }

    static String category(String thread) {
        if (thread == null) {
            return "other java threads";
        }
        if (thread.startsWith("bench-client") || thread.startsWith("HttpClient-")) {
            return "client";
        }
        if (thread.startsWith("vert.x-eventloop-thread")) {
            return "event loops";
        }
        if (thread.startsWith("vert.x-worker-thread") || thread.startsWith("vert.x-internal-blocking")) {
            return "workers";
        }
        if (thread.startsWith("merchantry-db-writer")) {
            // The embedded database's single group-committing writer (SQL execution and fsync)
            return "database writer";
        }
        return "other java threads";
    }

    /**
     * Waits until the rest of the machine is nearly idle (other processes using under {@code maxBusyCores}
     * over a one-second window), at most {@code maxWaitSeconds}; returns the busy cores seen last.
     */
    double awaitQuietMachine(double maxBusyCores, int maxWaitSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + maxWaitSeconds * 1_000_000_000L;
        double others;
        do {
            long[] m0 = machineJiffies();
            long p0 = os.getProcessCpuTime();
            long d0 = databasePid > 0 ? processTreeJiffies(databasePid) : 0;
            Thread.sleep(1000);
            long[] m1 = machineJiffies();
            long p1 = os.getProcessCpuTime();
            long d1 = databasePid > 0 ? processTreeJiffies(databasePid) : 0;
            others = (m1[0] - m0[0]) * JIFFY - (p1 - p0) / 1e9 - (d1 - d0) * JIFFY;
        } while (others > maxBusyCores && System.nanoTime() < deadline);
        return Math.max(0, others);
    }

    /** utime+stime of a process, its reaped children and its live descendants, in jiffies. */
    static long processTreeJiffies(long pid) {
        long total = statJiffies(pid, true);
        var handle = ProcessHandle.of(pid);
        if (handle.isPresent()) {
            for (ProcessHandle child : handle.get().descendants().toList()) {
                total += statJiffies(child.pid(), false);
            }
        }
        return total;
    }

    private static long statJiffies(long pid, boolean withReapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            // f[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
            long jiffies = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            if (withReapedChildren) {
                jiffies += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
            return jiffies;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** {busy, total} jiffies of the whole machine from /proc/stat; zeros where it cannot be read. */
    private static long[] machineJiffies() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = line.trim().split("\\s+");
            long user = Long.parseLong(f[1]);
            long nice = Long.parseLong(f[2]);
            long system = Long.parseLong(f[3]);
            long idle = Long.parseLong(f[4]);
            long iowait = f.length > 5 ? Long.parseLong(f[5]) : 0;
            long irq = f.length > 6 ? Long.parseLong(f[6]) : 0;
            long softirq = f.length > 7 ? Long.parseLong(f[7]) : 0;
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            long busy = user + nice + system + irq + softirq + steal;
            return new long[] {busy, busy + idle + iowait};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
