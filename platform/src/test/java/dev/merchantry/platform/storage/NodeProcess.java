package dev.merchantry.platform.storage;

import dev.merchantry.platform.http.ApiClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One real {@code merchantry serve} JVM on a data directory, started the way an operator starts it and stopped the
 * way a crash stops it: {@link #kill()} is SIGKILL (no shutdown hook, no orderly close of the database).
 *
 * <p>The node's output goes to a log file (kept after the test for a post-mortem) and is polled for the
 * "listening on" line, so no reader thread is needed and a node that dies during start-up is reported with its log.
 */
public final class NodeProcess implements AutoCloseable {

    /** How long a start-up (plugin loading, database recovery and migration) may take on a loaded 2-core machine. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern LISTENING = Pattern.compile("listening on http://localhost:(\\d+)/");

    private final Process process;
    private final Path log;
    private final int port;

    private NodeProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts {@code merchantry serve} on {@code dataDir} with the test classpath and waits until it listens.
     *
     * @param port 0 for any free port; a fixed port when clients must find the node again after a restart
     */
    public static NodeProcess start(Path dataDir, Path pluginsDir, int port, String adminToken, Path log)
            throws IOException, InterruptedException {
        return start(dataDir, pluginsDir, port, adminToken, log, List.of());
    }

    /** As {@link #start(Path, Path, int, String, Path)}, with more {@code serve} flags. */
    public static NodeProcess start(Path dataDir, Path pluginsDir, int port, String adminToken, Path log,
                                    List<String> serveFlags) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", Integer.toString(port),
                "--data-dir", dataDir.toString(), "--plugins-dir", pluginsDir.toString()));
        args.addAll(serveFlags);
        return start(List.of("-Xmx512m"), args, Map.of("MERCHANTRY_ADMIN_TOKEN", adminToken), log);
    }

    /**
     * Starts {@code merchantry serve <serveArgs>} in a JVM with {@code jvmOptions} and the test classpath, with
     * {@code env} added to the environment, and waits until it listens.
     */
    public static NodeProcess start(List<String> jvmOptions, List<String> serveArgs, Map<String, String> env, Path log)
            throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        List<String> args = new ArrayList<>(List.of("dev.merchantry.platform.cli.Main", "serve"));
        args.addAll(serveArgs);
        ProcessBuilder pb = new ProcessBuilder(javaCommand(jvmOptions, args.toArray(String[]::new)))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process process = pb.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(read(log));
            if (m.find()) {
                return new NodeProcess(process, log, Integer.parseInt(m.group(1)));
            }
            if (process.waitFor(100, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the node exited with " + process.exitValue()
                        + " before listening; last lines of " + log + ":\n" + tail(log, 40));
            }
        }
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("the node did not listen within " + START_TIMEOUT.toSeconds() + " s; last lines of "
                + log + ":\n" + tail(log, 40));
    }

    /** {@code java <jvmOption> -cp <test classpath> <args...>}: the same classes the tests run, in a new JVM. */
    public static List<String> javaCommand(String jvmOption, String... args) {
        return javaCommand(List.of(jvmOption), args);
    }

    /** {@code java <jvmOptions...> -cp <test classpath> <args...>}. */
    public static List<String> javaCommand(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        command.addAll(List.of(args));
        return command;
    }

    /** The operating system's id of the node's process. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int port() {
        return port;
    }

    public ApiClient api() {
        return new ApiClient(port);
    }

    public Path log() {
        return log;
    }

    /** SIGKILL ({@link Process#destroyForcibly()} on Linux), then waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the node survived SIGKILL for 30 s");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    /** The last {@code lines} lines of a log file, for failure messages. */
    public static String tail(Path log, int lines) {
        try {
            List<String> all = read(log).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** The whole log; a multi-byte character cut by a concurrent write decodes as U+FFFD instead of failing. */
    private static String read(Path log) throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    }
}
