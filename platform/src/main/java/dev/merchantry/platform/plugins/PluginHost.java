package dev.merchantry.platform.plugins;

import dev.merchantry.api.Strategy;
import dev.merchantry.api.StrategyDescriptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Facade over PF4J: loads, installs, upgrades, stops, starts and deletes plugins, and publishes what is loaded as an
 * immutable snapshot.
 *
 * <p>Threading: PF4J is not thread-safe and does file I/O, and a plugin's {@code start()} may take as long as it
 * likes, so every PF4J call runs on one dedicated thread, one operation after another; the operations return
 * futures. Readers ({@link #strategies()}, {@link #strategy}, {@link #plugins()}, {@link #quarantined()}) never wait:
 * they read the snapshot swapped in after each change, so serving and {@code /health} go on while a plugin starts.
 *
 * <p>Refusals: an archive that cannot be loaded (bad archive or descriptor, platform version not met, {@code start()}
 * throws, a strategy id already provided by another plugin) is moved to {@code .quarantine/} with its reason when
 * the host {@linkplain #forNode belongs to a node}, so it is never loaded again and never takes an id from an
 * installed plugin. A host made with the public constructor only reports (command-line tools): it leaves files where
 * they are and lists refused ones as FAILED.
 */
public final class PluginHost implements AutoCloseable {

    /** Largest archive accepted by {@link #install} and {@link #upgrade}. */
    public static final long MAX_ARCHIVE_BYTES = 100L << 20;
    /** How long {@link #close} waits for a running plugin operation before abandoning it. */
    static final long CLOSE_WAIT_SECONDS = 30;
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}\\.(jar|zip)");
    private static final String PREVIOUS_DIRECTORY = ".previous";
    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    /** What readers see: replaced as a whole after every change, never modified. */
    private record Snapshot(List<PluginInfo> plugins, Map<String, LoadedStrategy> strategies,
                            List<QuarantinedPlugin> quarantined) {
    }

    /** What to do with an archive that is refused while loading. */
    private enum OnRefusal { QUARANTINE, DELETE, KEEP }

    /** A refusal: why, and which kind of problem it is for the caller. */
    private record Refusal(PluginException.Kind kind, String reason) {
    }

    private final Path pluginsDir;
    private final String platformVersion;
    private final boolean quarantineRefused;
    private final Quarantine quarantine;
    private final ThreadPoolExecutor lifecycle;
    private final List<PluginListener> listeners = new CopyOnWriteArrayList<>();
    private final PluginTelemetry telemetry;
    private volatile Snapshot snapshot = new Snapshot(List.of(), Map.of(), List.of());
    private volatile boolean closed;

    // Everything below is touched only on the lifecycle thread.
    private final IsolatingPluginManager manager;
    /** Failure reasons that PF4J does not track itself (platform version, duplicate strategies, bad descriptors). */
    private final Map<String, String> failures = new LinkedHashMap<>();
    /** Files that could not even be loaded as a plugin (reporting hosts only): file name → reason. */
    private final Map<String, String> brokenFiles = new LinkedHashMap<>();
    private final Map<String, List<LoadedStrategy>> strategies = new LinkedHashMap<>();
    /** Strategy ids each plugin provided when it last started; kept while it is stopped. */
    private final Map<String, List<String>> provided = new HashMap<>();
    /** The archive each plugin was loaded from (for a zip, PF4J's own path is the expanded directory). */
    private final Map<String, Path> archives = new HashMap<>();
    private String starting;

    /** A host that only reports: refused archives stay in place and are listed as FAILED (command-line tools). */
    public PluginHost(Path pluginsDir, String platformVersion) {
        this(pluginsDir, platformVersion, false, new SimpleMeterRegistry());
    }

    private PluginHost(Path pluginsDir, String platformVersion, boolean quarantineRefused, MeterRegistry registry) {
        this.telemetry = new PluginTelemetry(registry);
        telemetry.bindStates(this::plugins, this::quarantined);
        this.pluginsDir = pluginsDir.toAbsolutePath().normalize();
        this.platformVersion = platformVersion;
        this.quarantineRefused = quarantineRefused;
        this.quarantine = new Quarantine(this.pluginsDir);
        this.manager = new IsolatingPluginManager(this.pluginsDir);
        manager.setSystemVersion(platformVersion);
        ClassLoader hostLoader = PluginHost.class.getClassLoader();
        this.lifecycle = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "merchantry-plugins");
            t.setDaemon(true);
            t.setContextClassLoader(hostLoader);
            return t;
        });
        // Created now, from host code: no plugin class is on the stack of the thread that creates it.
        lifecycle.prestartAllCoreThreads();
    }

    /** The host of a serving node: refused archives are quarantined and never loaded again. */
    public static PluginHost forNode(Path pluginsDir, String platformVersion) {
        return forNode(pluginsDir, platformVersion, new SimpleMeterRegistry());
    }

    /**
     * The host of a serving node, with {@code registry}: plugins per state ({@code merchantry_plugins{state}}) and
     * quarantines ({@code merchantry_plugin_changes_total{action="quarantined"}}).
     */
    public static PluginHost forNode(Path pluginsDir, String platformVersion, MeterRegistry registry) {
        return new PluginHost(pluginsDir, platformVersion, true, registry);
    }

    // ---------------------------------------------------------------- readers: never wait

    /** Every strategy of the started plugins. */
    public List<LoadedStrategy> strategies() {
        return List.copyOf(snapshot.strategies().values());
    }

    public Optional<LoadedStrategy> strategy(String strategyId) {
        return Optional.ofNullable(snapshot.strategies().get(strategyId));
    }

    /** Loaded plugins by id (and, on reporting hosts, files that are no plugin, by file name). */
    public List<PluginInfo> plugins() {
        return snapshot.plugins();
    }

    public Optional<PluginInfo> plugin(String pluginId) {
        return snapshot.plugins().stream().filter(p -> p.id().equals(pluginId)).findFirst();
    }

    /** Archives refused and moved to {@code .quarantine/}, with their reasons. */
    public List<QuarantinedPlugin> quarantined() {
        return snapshot.quarantined();
    }

    public void addListener(PluginListener listener) {
        listeners.add(listener);
    }

    // ---------------------------------------------------------------- operations: serialized on the lifecycle thread

    /**
     * Loads and starts every archive of the directory, oldest file first (so on a strategy id clash the plugin that
     * was there first keeps its id); blocks until done. A refused archive is recorded or quarantined, never thrown.
     */
    public void loadAll() {
        await(submit(() -> {
            for (Path file : archivesInDirectory()) {
                if (admit(file, true, quarantineRefused ? OnRefusal.QUARANTINE : OnRefusal.KEEP) instanceof String id) {
                    telemetry.loaded(info(manager.getPlugin(id)));
                }
            }
            return null;
        }));
    }

    /**
     * Validates, stores and starts an uploaded plugin archive. Refused before it is stored (bad file name, too big,
     * bad archive, id already installed) nothing is left behind; refused while loading or starting, it is quarantined
     * on a node (deleted on a reporting host). Fails with a {@link PluginException} naming the problem.
     *
     * @param fileName name to store it under, or null for {@code <plugin-id>-<version>.jar|zip}
     */
    public CompletableFuture<PluginInfo> install(String fileName, byte[] content) {
        return submit(() -> {
            Upload upload = receive(content);
            PluginArchive archive = upload.archive();
            Path target;
            try {
                String name = fileName != null ? fileName : defaultFileName(archive);
                checkFileName(name, archive);
                PluginWrapper installed = manager.getPlugin(archive.pluginId());
                if (installed != null) {
                    throw new PluginException(PluginException.Kind.CONFLICT, "plugin '" + archive.pluginId() + "' "
                            + installed.getDescriptor().getVersion() + " is already installed; upgrade it with PUT"
                            + " /api/v1/plugins/" + archive.pluginId() + " or delete it first");
                }
                target = pluginsDir.resolve(name);
                if (Files.exists(target)) {
                    throw new PluginException(PluginException.Kind.CONFLICT,
                            "a file named " + name + " already exists in the plugins directory");
                }
                Files.move(upload.temp(), target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new PluginException("cannot store the plugin: " + e.getMessage(), e);
            } finally {
                deleteQuietly(upload.temp());
            }
            String name = target.getFileName().toString();
            Object admitted = admit(target, false, quarantineRefused ? OnRefusal.QUARANTINE : OnRefusal.DELETE);
            if (admitted instanceof Refusal r) {
                throw new PluginException(r.kind(), r.reason() + quarantineNote(name));
            }
            return info(manager.getPlugin((String) admitted));
        });
    }

    /**
     * Replaces an installed plugin by a newer version of it, in place: the old version stops, the new one is loaded
     * and started; if the new one is refused it is quarantined and the old version is started again. Bindings and
     * stored models are not touched here (the platform decides which models the new version can still read).
     *
     * @param fileName name to store the new archive under, or null to keep the old name (with the old version in it
     *        replaced by the new one)
     * @throws PluginException CONFLICT when the version is not newer than the installed one, INVALID when the archive
     *         declares another plugin or is refused, NOT_FOUND for an unknown plugin
     */
    public CompletableFuture<PluginUpgrade> upgrade(String pluginId, String fileName, byte[] content) {
        return submit(() -> {
            Upload upload = receive(content);
            try {
                return upgrade(pluginId, fileName, upload);
            } finally {
                deleteQuietly(upload.temp());
            }
        });
    }

    private PluginUpgrade upgrade(String pluginId, String fileName, Upload upload) {
        PluginArchive archive = upload.archive();
        PluginWrapper installed = require(pluginId);
        if (!archive.pluginId().equals(pluginId)) {
            throw new PluginException("the archive declares plugin '" + archive.pluginId() + "', not '" + pluginId
                    + "'; install a different plugin with POST /api/v1/plugins");
        }
        String previous = installed.getDescriptor().getVersion();
        if (archive.version() == null) {
            throw new PluginException("the archive declares no plugin version (Plugin-Version or plugin.version)");
        }
        int order;
        try {
            order = manager.getVersionManager().compareVersions(archive.version(), previous);
        } catch (RuntimeException e) {
            throw new PluginException("plugin version '" + archive.version() + "' is not a semantic version like 1.2.0");
        }
        if (order <= 0) {
            throw new PluginException(PluginException.Kind.CONFLICT, "plugin '" + pluginId + "' " + previous
                    + " is installed; version " + archive.version() + " is not newer (an upgrade must raise the"
                    + " version; delete the plugin to go back to an older one)");
        }
        Path oldArchive = archives.getOrDefault(pluginId, installed.getPluginPath());
        String name = fileName != null ? fileName : upgradedFileName(oldArchive, previous, archive);
        checkFileName(name, archive);
        Path target = pluginsDir.resolve(name);
        if (!target.equals(oldArchive) && Files.exists(target)) {
            throw new PluginException(PluginException.Kind.CONFLICT,
                    "a file named " + name + " already exists in the plugins directory");
        }
        Path incoming = upload.temp();
        Path backup = pluginsDir.resolve(PREVIOUS_DIRECTORY).resolve(oldArchive.getFileName());
        try {
            unload(pluginId);
            Files.createDirectories(backup.getParent());
            Files.move(oldArchive, backup, StandardCopyOption.REPLACE_EXISTING);
            Files.move(incoming, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(incoming);
            restore(backup, oldArchive);
            throw new PluginException("cannot store the new version: " + e.getMessage(), e);
        }
        Object admitted = admit(target, false, quarantineRefused ? OnRefusal.QUARANTINE : OnRefusal.DELETE);
        if (admitted instanceof Refusal r) {
            restore(backup, oldArchive);
            throw new PluginException(r.kind(), "upgrade of '" + pluginId + "' to " + archive.version()
                    + " refused: " + r.reason() + quarantineNote(name) + "; version " + previous + " was restored");
        }
        deleteQuietly(backup);
        return new PluginUpgrade(info(manager.getPlugin(pluginId)), previous);
    }

    /** Starts a stopped plugin; a failed start leaves it FAILED with the reason (it stays installed). */
    public CompletableFuture<PluginInfo> start(String pluginId) {
        return submit(() -> {
            PluginWrapper w = require(pluginId);
            if (!strategies.containsKey(pluginId)) {
                startLoaded(pluginId);
            }
            return info(w);
        });
    }

    /** Stops a plugin: its strategies stop serving at once (listeners are told before PF4J stops it). */
    public CompletableFuture<PluginInfo> stop(String pluginId) {
        return submit(() -> {
            PluginWrapper w = require(pluginId);
            removeStrategies(pluginId);
            safeStop(pluginId);
            failures.remove(pluginId);
            return info(w);
        });
    }

    /** Stops, unloads and deletes a plugin and its files; for a quarantined archive, deletes it from quarantine. */
    public CompletableFuture<Void> delete(String pluginId) {
        return submit(() -> {
            if (brokenFiles.containsKey(pluginId)) {
                brokenFiles.remove(pluginId);
                deleteQuietly(pluginsDir.resolve(pluginId));
                return null;
            }
            if (manager.getPlugin(pluginId) == null && quarantine.delete(pluginId)) {
                return null;
            }
            require(pluginId);
            Path archive = archives.get(pluginId);
            unload(pluginId);
            deleteQuietly(archive);
            provided.remove(pluginId);
            return null;
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        CompletableFuture<Void> done = submit(() -> {
            for (String id : new ArrayList<>(strategies.keySet())) {
                removeStrategies(id);
            }
            // PF4J's stopPlugins()/unloadPlugins() iterate lists they modify (ConcurrentModificationException once a
            // plugin was stopped and started at runtime): unload one at a time from a copy, which also stops it.
            for (var plugin : new ArrayList<>(manager.getPlugins())) {
                try {
                    manager.unloadPlugin(plugin.getPluginId());
                } catch (RuntimeException e) {
                    LOG.warn("error while unloading plugin {}: {}", plugin.getPluginId(), message(e));
                }
            }
            return null;
        });
        closed = true;
        try {
            done.get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            lifecycle.shutdown();
        } catch (TimeoutException e) {
            LOG.warn("a plugin operation did not finish within {} s; abandoning it", CLOSE_WAIT_SECONDS);
            lifecycle.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lifecycle.shutdownNow();
        } catch (ExecutionException e) {
            LOG.warn("error while unloading plugins: {}", message(e.getCause()));
            lifecycle.shutdown();
        }
    }

    /** Waits for an operation of this host; its {@link PluginException} (or other failure) is rethrown as is. */
    public static <T> T await(CompletableFuture<T> operation) {
        try {
            return operation.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- lifecycle-thread internals

    private <T> CompletableFuture<T> submit(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new PluginException("the plugin host is shut down"));
            return result;
        }
        try {
            lifecycle.execute(() -> {
                T value;
                try {
                    value = work.call();
                } catch (Throwable t) {
                    publish();
                    result.completeExceptionally(t);
                    return;
                }
                // Published before the caller hears back, so what it reads next reflects its own change.
                publish();
                result.complete(value);
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new PluginException("the plugin host is shut down"));
        }
        return result;
    }

    private void publish() {
        try {
            List<PluginInfo> infos = new ArrayList<>();
            for (PluginWrapper w : manager.getPlugins()) {
                infos.add(info(w));
            }
            brokenFiles.forEach((file, reason) -> infos.add(new PluginInfo(file, null, PluginState.FAILED, reason,
                    null, null, null, List.of(), file)));
            infos.sort(Comparator.comparing(PluginInfo::id));
            Map<String, LoadedStrategy> byId = new LinkedHashMap<>();
            strategies.values().forEach(list -> list.forEach(s -> byId.put(s.descriptor().id(), s)));
            snapshot = new Snapshot(List.copyOf(infos), Collections.unmodifiableMap(byId), List.copyOf(quarantine.list()));
        } catch (RuntimeException e) {
            LOG.error("could not publish the plugin snapshot", e);
        }
    }

    /** Archives at the top of the plugins directory, oldest first, then by name. */
    private List<Path> archivesInDirectory() {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(pluginsDir, "*.{jar,zip}")) {
            dir.forEach(files::add);
        } catch (IOException e) {
            throw new PluginException("cannot read plugins directory " + pluginsDir + ": " + e.getMessage(), e);
        }
        Map<Path, FileTime> modified = new HashMap<>();
        for (Path f : files) {
            try {
                modified.put(f, Files.getLastModifiedTime(f));
            } catch (IOException e) {
                modified.put(f, FileTime.fromMillis(Long.MAX_VALUE));
            }
        }
        files.sort(Comparator.comparing((Path f) -> modified.get(f)).thenComparing(Path::toString));
        return files;
    }

    /**
     * Loads and starts one archive of the plugins directory. Returns the plugin id, or the {@link Refusal} after
     * handling the archive as {@code onRefusal} says.
     */
    private Object admit(Path file, boolean inspect, OnRefusal onRefusal) {
        String name = file.getFileName().toString();
        if (inspect && !expandedCopyIsCurrent(file)) {
            // Archives dropped in by hand were never checked: a zip bomb must not reach PF4J's expander.
            try {
                ArchiveInspector.inspect(file);
            } catch (PluginException e) {
                return refuse(file, null, new Refusal(PluginException.Kind.INVALID, message(e)), onRefusal);
            }
        }
        String id;
        try {
            id = manager.loadPlugin(file);
        } catch (RuntimeException e) {
            return refuse(file, null, new Refusal(PluginException.Kind.INVALID, message(e)), onRefusal);
        }
        if (id == null) {
            return refuse(file, null, new Refusal(PluginException.Kind.INVALID,
                    "not a plugin: no valid PF4J descriptor"), onRefusal);
        }
        brokenFiles.remove(name);
        archives.put(id, file);
        Refusal refused = startLoaded(id);
        return refused == null ? id : refuse(file, id, refused, onRefusal);
    }

    /**
     * Whether {@code file} is a zip that PF4J will not open: its expanded directory is at least as new as the zip, so
     * PF4J loads the directory (the rule of its {@code FileUtils.expandIfZip}, applied the same way here). Such a zip
     * was checked when it was expanded, or the directory was put there by hand; reading it again at every start
     * inflated each bundled plugin's ~2 MB twice, and made the JIT compile the inflater in the middle of the first
     * training of a one-shot command.
     */
    static boolean expandedCopyIsCurrent(Path file) {
        String name = file.getFileName().toString();
        if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(".zip") || !Files.isRegularFile(file)) {
            return false;
        }
        Path expanded = file.resolveSibling(name.substring(0, name.length() - ".zip".length()));
        try {
            return Files.isDirectory(expanded)
                    && Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(expanded)) <= 0;
        } catch (IOException e) {
            return false;
        }
    }

    private Refusal refuse(Path file, String pluginId, Refusal refusal, OnRefusal onRefusal) {
        String name = file.getFileName().toString();
        if (onRefusal == OnRefusal.KEEP) {
            telemetry.refused(name, pluginId, refusal.reason(), "kept");
            if (pluginId == null) {
                brokenFiles.put(name, refusal.reason());
            }
            return refusal;
        }
        if (pluginId != null) {
            unload(pluginId);
            failures.remove(pluginId);
            provided.remove(pluginId);
        }
        deleteQuietly(expandedDirectory(file));
        if (onRefusal == OnRefusal.QUARANTINE) {
            if (quarantine.put(file, refusal.reason())) {
                telemetry.quarantined(name, pluginId, refusal.reason());
            }
        } else {
            telemetry.refused(name, pluginId, refusal.reason(), "deleted");
            deleteQuietly(file);
        }
        return refusal;
    }

    /** Starts a loaded plugin and registers its strategies; returns why not, or null when it started. */
    private Refusal startLoaded(String id) {
        failures.remove(id);
        PluginWrapper wrapper = manager.getPlugin(id);
        String requires = wrapper.getDescriptor().getRequires();
        if (requires != null && !requires.isBlank() && !"*".equals(requires.trim())
                && !manager.getVersionManager().checkVersionConstraint(platformVersion, requires)) {
            return fail(id, PluginException.Kind.INVALID,
                    "requires platform " + requires + ", platform is " + platformVersion);
        }
        org.pf4j.PluginState state;
        starting = id;
        publish();
        try {
            state = manager.startPlugin(id);
        } catch (RuntimeException | LinkageError e) {
            return fail(id, PluginException.Kind.INVALID, "failed to start: " + message(e));
        } finally {
            starting = null;
        }
        if (state != org.pf4j.PluginState.STARTED) {
            Throwable failed = wrapper.getFailedException();
            return fail(id, PluginException.Kind.INVALID, failed != null ? "failed to start: " + message(failed)
                    : "did not start (state " + state + ")");
        }
        List<LoadedStrategy> found = new ArrayList<>();
        try {
            for (Strategy s : manager.getExtensions(Strategy.class, id)) {
                StrategyDescriptor d;
                try {
                    d = s.descriptor();
                } catch (RuntimeException e) {
                    throw new PluginException("strategy " + s.getClass().getName() + " has an invalid descriptor: " + message(e));
                }
                if (d == null) {
                    throw new PluginException("strategy " + s.getClass().getName() + " returned no descriptor");
                }
                Class<?> kindType = kindType(d.kind());
                if (!kindType.isInstance(s)) {
                    throw new PluginException("strategy '" + d.id() + "' declares kind " + d.kind().wireName()
                            + " but does not implement " + kindType.getSimpleName());
                }
                Optional<LoadedStrategy> clash = strategies.values().stream().flatMap(List::stream)
                        .filter(other -> other.descriptor().id().equals(d.id())).findFirst();
                if (clash.isPresent() || found.stream().anyMatch(f -> f.descriptor().id().equals(d.id()))) {
                    throw new PluginException(PluginException.Kind.CONFLICT, "strategy id '" + d.id()
                            + "' is already provided by plugin " + clash.map(LoadedStrategy::pluginId).orElse(id));
                }
                found.add(new LoadedStrategy(id, s, d, wrapper.getPluginClassLoader()));
            }
        } catch (PluginException e) {
            safeStop(id);
            return fail(id, e.kind(), e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            safeStop(id);
            return fail(id, PluginException.Kind.INVALID, "cannot instantiate strategies: " + message(e));
        }
        List<String> ids = found.stream().map(s -> s.descriptor().id()).toList();
        strategies.put(id, List.copyOf(found));
        provided.put(id, ids);
        // Readers see the strategies before listeners react, so nothing re-caches "strategy not available".
        publish();
        listeners.forEach(l -> l.strategiesAdded(id, ids));
        return null;
    }

    private Refusal fail(String id, PluginException.Kind kind, String reason) {
        failures.put(id, reason);
        return new Refusal(kind, reason);
    }

    static Class<?> kindType(dev.merchantry.api.StrategyKind kind) {
        return switch (kind) {
            case PROFILER -> dev.merchantry.api.profile.Profiler.class;
            case RECOMMENDER -> dev.merchantry.api.recommend.Recommender.class;
            case FORECASTER -> dev.merchantry.api.forecast.Forecaster.class;
            case PRICING -> dev.merchantry.api.pricing.PricingAgent.class;
        };
    }

    /** Removes the plugin's strategies from what readers see, then tells listeners (they drop cached models). */
    private void removeStrategies(String pluginId) {
        List<LoadedStrategy> removed = strategies.remove(pluginId);
        if (removed != null && !removed.isEmpty()) {
            publish();
            List<String> ids = removed.stream().map(s -> s.descriptor().id()).toList();
            listeners.forEach(l -> l.strategiesRemoved(pluginId, ids));
        }
    }

    /** Takes a plugin out of PF4J (stopping it first) and removes its expanded directory; keeps the archive. */
    private void unload(String pluginId) {
        removeStrategies(pluginId);
        failures.remove(pluginId);
        Path archive = archives.remove(pluginId);
        try {
            manager.unloadPlugin(pluginId);
        } catch (RuntimeException e) {
            LOG.warn("unloading plugin {} failed: {}", pluginId, message(e));
        }
        if (archive != null) {
            deleteQuietly(expandedDirectory(archive));
        }
    }

    private void safeStop(String id) {
        try {
            manager.stopPlugin(id);
        } catch (RuntimeException e) {
            LOG.warn("stopping plugin {} failed: {}", id, message(e));
        }
    }

    /** Puts the previous archive back after a refused upgrade and starts it again. */
    private void restore(Path backup, Path original) {
        try {
            if (Files.exists(backup)) {
                Files.move(backup, original, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.error("could not restore {} from {}: {}", original, backup, e.getMessage());
            return;
        }
        admit(original, false, OnRefusal.KEEP);
    }

    private PluginInfo info(PluginWrapper w) {
        PluginDescriptor d = w.getDescriptor();
        String id = w.getPluginId();
        String failure = failures.get(id);
        PluginState state;
        String reason = null;
        if (failure != null) {
            state = PluginState.FAILED;
            reason = failure;
        } else if (id.equals(starting)) {
            state = PluginState.STARTING;
        } else {
            state = switch (w.getPluginState()) {
                case STARTED -> PluginState.STARTED;
                case STOPPED -> PluginState.STOPPED;
                case DISABLED -> PluginState.DISABLED;
                case RESOLVED -> PluginState.RESOLVED;
                case FAILED -> PluginState.FAILED;
                default -> PluginState.CREATED;
            };
            if (state == PluginState.FAILED) {
                reason = w.getFailedException() == null ? "failed" : message(w.getFailedException());
            }
        }
        Path archive = archives.get(id);
        return new PluginInfo(id, d.getVersion(), state, reason, d.getProvider(), d.getPluginDescription(),
                d.getRequires(), provided.getOrDefault(id, List.of()),
                (archive != null ? archive : w.getPluginPath()).getFileName().toString());
    }

    private PluginWrapper require(String pluginId) {
        PluginWrapper w = manager.getPlugin(pluginId);
        if (w == null) {
            throw new PluginException(PluginException.Kind.NOT_FOUND, "unknown plugin '" + pluginId + "'");
        }
        return w;
    }

    /** An uploaded archive, checked, in a temporary file of the plugins directory (the caller deletes it). */
    private record Upload(PluginArchive archive, Path temp) {
    }

    private Upload receive(byte[] content) {
        if (content.length > MAX_ARCHIVE_BYTES) {
            throw new PluginException("plugin archive is larger than " + (MAX_ARCHIVE_BYTES >> 20) + " MB");
        }
        Path temp = writeTemp(content);
        try {
            return new Upload(ArchiveInspector.inspect(temp), temp);
        } catch (RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    private static void checkFileName(String name, PluginArchive archive) {
        if (name == null || !FILE_NAME.matcher(name).matches()) {
            throw new PluginException("file name must be 1-100 characters of A-Z, a-z, 0-9, '.', '_', '-' ending in .jar or .zip");
        }
        if (!name.endsWith(archive.extension())) {
            throw new PluginException("file name must end in " + archive.extension() + ": the archive is "
                    + (archive.zipLayout() ? "a PF4J zip plugin (plugin.properties with lib/ or classes/)" : "a plugin jar"));
        }
    }

    static String defaultFileName(PluginArchive archive) {
        String base = archive.pluginId() + (archive.version() == null ? "" : "-" + archive.version());
        base = base.replaceAll("[^A-Za-z0-9._-]", "-");
        if (base.length() > 96) {
            base = base.substring(0, 96);
        }
        return base + archive.extension();
    }

    /** The old file name with the old version replaced by the new one (if it carried it) and the new extension. */
    static String upgradedFileName(Path oldArchive, String previousVersion, PluginArchive archive) {
        String old = oldArchive.getFileName().toString();
        String base = old.substring(0, old.length() - 4);
        if (previousVersion != null && base.contains(previousVersion)) {
            base = base.replace(previousVersion, archive.version()).replaceAll("[^A-Za-z0-9._-]", "-");
        }
        return base + archive.extension();
    }

    private String quarantineNote(String fileName) {
        return quarantineRefused ? " (the archive was quarantined as " + Quarantine.DIRECTORY + "/" + fileName + ")" : "";
    }

    private Path writeTemp(byte[] content) {
        Path temp = null;
        try {
            temp = Files.createTempFile(pluginsDir, ".upload-", ".part");
            Files.write(temp, content);
            return temp;
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new PluginException("cannot store the plugin: " + e.getMessage(), e);
        }
    }

    /** PF4J expands {@code x.zip} into the directory {@code x} next to it. */
    private static Path expandedDirectory(Path archive) {
        String name = archive.getFileName().toString();
        if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) {
            return null;
        }
        Path dir = archive.resolveSibling(name.substring(0, name.length() - 4));
        return Files.isDirectory(dir) ? dir : null;
    }

    private static String message(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root == t ? (m == null ? t.getClass().getSimpleName() : m)
                : (t.getMessage() != null ? t.getMessage() : root.getClass().getSimpleName() + (m == null ? "" : ": " + m));
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            if (Files.isDirectory(path)) {
                try (var walk = Files.walk(path)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            } else {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", path, e.getMessage());
        }
    }
}
