package dev.merchantry.platform.plugins;

import dev.merchantry.api.Strategy;
import dev.merchantry.api.StrategyDescriptor;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Facade over PF4J: loads plugins from a directory one file at a time so a broken one is reported (FAILED with a
 * reason) and skipped, and supports install/stop/start/delete at runtime. PF4J is not thread-safe and does file I/O,
 * so every method is synchronized and blocking: never call it from an event loop.
 */
public final class PluginHost implements AutoCloseable {

    /** Largest archive accepted by {@link #install}. */
    public static final long MAX_ARCHIVE_BYTES = 100L << 20;
    static final int MAX_ENTRIES = 20_000;
    static final long MAX_UNCOMPRESSED_BYTES = 500L << 20;
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}\\.(jar|zip)");
    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    private final Path pluginsDir;
    private final String platformVersion;
    private final IsolatingPluginManager manager;
    /** Failure reasons that PF4J does not track itself (bad files, duplicate strategies, bad descriptors). */
    private final Map<String, String> failures = new LinkedHashMap<>();
    /** Files that could not even be loaded as a plugin: file name → reason. */
    private final Map<String, String> brokenFiles = new LinkedHashMap<>();
    private final Map<String, List<LoadedStrategy>> strategies = new LinkedHashMap<>();
    private final List<PluginListener> listeners = new CopyOnWriteArrayList<>();

    public PluginHost(Path pluginsDir, String platformVersion) {
        this.pluginsDir = pluginsDir.toAbsolutePath();
        this.platformVersion = platformVersion;
        this.manager = new IsolatingPluginManager(this.pluginsDir);
        manager.setSystemVersion(platformVersion);
    }

    /** Loads and starts every plugin file of the directory; a broken one is recorded, never thrown. */
    public synchronized void loadAll() {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(pluginsDir, "*.{jar,zip}")) {
            dir.forEach(files::add);
        } catch (IOException e) {
            throw new PluginException("cannot read plugins directory " + pluginsDir + ": " + e.getMessage(), e);
        }
        files.sort(Comparator.comparing(Path::toString));
        for (Path file : files) {
            String id = load(file);
            if (id != null) {
                startLoaded(id);
            }
        }
    }

    /** Loads one file; records a failure and returns null when PF4J cannot make a plugin of it. */
    private String load(Path file) {
        try {
            String id = manager.loadPlugin(file);
            if (id == null) {
                brokenFiles.put(file.getFileName().toString(), "not a plugin: no valid PF4J descriptor");
                return null;
            }
            brokenFiles.remove(file.getFileName().toString());
            return id;
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.warn("plugin file {} could not be loaded: {}", file.getFileName(), reason);
            brokenFiles.put(file.getFileName().toString(), reason);
            return null;
        }
    }

    private void startLoaded(String id) {
        failures.remove(id);
        PluginWrapper wrapper = manager.getPlugin(id);
        String requires = wrapper.getDescriptor().getRequires();
        if (requires != null && !requires.isBlank() && !"*".equals(requires.trim())
                && !manager.getVersionManager().checkVersionConstraint(platformVersion, requires)) {
            failures.put(id, "requires platform " + requires + ", platform is " + platformVersion);
            return;
        }
        org.pf4j.PluginState state;
        try {
            state = manager.startPlugin(id);
        } catch (RuntimeException e) {
            failures.put(id, "failed to start: " + message(e));
            return;
        }
        if (state != org.pf4j.PluginState.STARTED) {
            Throwable failed = wrapper.getFailedException();
            failures.put(id, failed != null ? "failed to start: " + message(failed)
                    : "did not start (state " + state + ")");
            return;
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
                Optional<LoadedStrategy> clash = strategyUnsafe(d.id());
                if (clash.isPresent() || found.stream().anyMatch(f -> f.descriptor().id().equals(d.id()))) {
                    throw new PluginException("strategy id '" + d.id() + "' is already provided by plugin "
                            + clash.map(LoadedStrategy::pluginId).orElse(id));
                }
                found.add(new LoadedStrategy(id, s, d, wrapper.getPluginClassLoader()));
            }
        } catch (RuntimeException | LinkageError e) {
            failures.put(id, e instanceof PluginException ? e.getMessage() : "cannot instantiate strategies: " + message(e));
            safeStop(id);
            return;
        }
        strategies.put(id, List.copyOf(found));
        List<String> ids = found.stream().map(s -> s.descriptor().id()).toList();
        listeners.forEach(l -> l.strategiesAdded(id, ids));
        LOG.info("plugin {} {} started with strategies {}", id, wrapper.getDescriptor().getVersion(), ids);
    }

    static Class<?> kindType(dev.merchantry.api.StrategyKind kind) {
        return switch (kind) {
            case PROFILER -> dev.merchantry.api.profile.Profiler.class;
            case RECOMMENDER -> dev.merchantry.api.recommend.Recommender.class;
            case FORECASTER -> dev.merchantry.api.forecast.Forecaster.class;
            case PRICING -> dev.merchantry.api.pricing.PricingAgent.class;
        };
    }

    private void safeStop(String id) {
        try {
            manager.stopPlugin(id);
        } catch (RuntimeException e) {
            LOG.warn("stopping plugin {} failed: {}", id, message(e));
        }
    }

    public synchronized List<PluginInfo> plugins() {
        List<PluginInfo> out = new ArrayList<>();
        for (PluginWrapper w : manager.getPlugins()) {
            out.add(info(w));
        }
        brokenFiles.forEach((file, reason) -> out.add(new PluginInfo(file, null, PluginState.FAILED, reason, null,
                null, null, List.of(), file)));
        out.sort(Comparator.comparing(PluginInfo::id));
        return out;
    }

    public synchronized Optional<PluginInfo> plugin(String pluginId) {
        return plugins().stream().filter(p -> p.id().equals(pluginId)).findFirst();
    }

    private PluginInfo info(PluginWrapper w) {
        PluginDescriptor d = w.getDescriptor();
        String failure = failures.get(w.getPluginId());
        PluginState state;
        String reason = null;
        if (failure != null) {
            state = PluginState.FAILED;
            reason = failure;
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
        List<String> ids = strategies.getOrDefault(w.getPluginId(), List.of()).stream()
                .map(s -> s.descriptor().id()).toList();
        return new PluginInfo(w.getPluginId(), d.getVersion(), state, reason, d.getProvider(), d.getPluginDescription(),
                d.getRequires(), ids, w.getPluginPath().getFileName().toString());
    }

    /** Validates, stores and starts an uploaded plugin archive; nothing is left behind when it is invalid. */
    public synchronized PluginInfo install(String fileName, byte[] content) {
        if (fileName == null || !FILE_NAME.matcher(fileName).matches()) {
            throw new PluginException("file name must be 1-100 characters of A-Z, a-z, 0-9, '.', '_', '-' ending in .jar or .zip");
        }
        if (content.length > MAX_ARCHIVE_BYTES) {
            throw new PluginException("plugin archive is larger than " + (MAX_ARCHIVE_BYTES >> 20) + " MB");
        }
        String declaredId = inspect(content);
        if (manager.getPlugin(declaredId) != null) {
            throw new PluginException("plugin " + declaredId + " is already installed; delete it first");
        }
        Path target = pluginsDir.resolve(fileName);
        if (Files.exists(target)) {
            throw new PluginException("a file named " + fileName + " already exists in the plugins directory");
        }
        Path temp = null;
        try {
            temp = Files.createTempFile(pluginsDir, ".upload-", ".part");
            Files.write(temp, content);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new PluginException("cannot store the plugin: " + e.getMessage(), e);
        }
        String id = load(target);
        if (id == null) {
            String reason = brokenFiles.remove(fileName);
            deleteQuietly(target);
            throw new PluginException("not a loadable plugin: " + reason);
        }
        startLoaded(id);
        return info(manager.getPlugin(id));
    }

    /**
     * Checks an archive before it touches the plugins directory: a readable zip, no entry that could escape the
     * directory when expanded, bounded size, and a PF4J descriptor; returns the declared plugin id.
     */
    static String inspect(byte[] content) {
        String id = null;
        int entries = 0;
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                String name = e.getName();
                if (++entries > MAX_ENTRIES) {
                    throw new PluginException("archive has more than " + MAX_ENTRIES + " entries");
                }
                if (name.startsWith("/") || name.contains("\\") || name.matches("^[A-Za-z]:.*")
                        || List.of(name.split("/")).contains("..")) {
                    throw new PluginException("archive entry '" + name + "' points outside the plugin (path traversal)");
                }
                byte[] bytes = zip.readAllBytes();
                total += bytes.length;
                if (total > MAX_UNCOMPRESSED_BYTES) {
                    throw new PluginException("archive expands to more than " + (MAX_UNCOMPRESSED_BYTES >> 20) + " MB");
                }
                if (name.equals("plugin.properties")) {
                    Properties p = new Properties();
                    p.load(new java.io.StringReader(new String(bytes, StandardCharsets.UTF_8)));
                    id = p.getProperty("plugin.id", id);
                } else if (name.equals("META-INF/MANIFEST.MF") && id == null) {
                    try (InputStream in = new ByteArrayInputStream(bytes)) {
                        id = new Manifest(in).getMainAttributes().getValue("Plugin-Id");
                    }
                }
            }
        } catch (IOException e) {
            throw new PluginException("not a jar or zip archive: " + e.getMessage(), e);
        }
        if (entries == 0) {
            throw new PluginException("not a jar or zip archive (no entries)");
        }
        if (id == null || id.isBlank()) {
            throw new PluginException("no PF4J descriptor: the jar manifest needs Plugin-Id (or plugin.properties plugin.id)");
        }
        return id.trim();
    }

    public synchronized PluginInfo start(String pluginId) {
        PluginWrapper w = require(pluginId);
        if (w.getPluginState() != org.pf4j.PluginState.STARTED) {
            startLoaded(pluginId);
        }
        return info(w);
    }

    public synchronized PluginInfo stop(String pluginId) {
        PluginWrapper w = require(pluginId);
        removeStrategies(pluginId);
        safeStop(pluginId);
        failures.remove(pluginId);
        return info(w);
    }

    public synchronized void delete(String pluginId) {
        if (brokenFiles.containsKey(pluginId)) {
            brokenFiles.remove(pluginId);
            deleteQuietly(pluginsDir.resolve(pluginId));
            return;
        }
        PluginWrapper w = require(pluginId);
        Path path = w.getPluginPath();
        removeStrategies(pluginId);
        failures.remove(pluginId);
        if (!manager.deletePlugin(pluginId)) {
            throw new PluginException("could not delete plugin " + pluginId);
        }
        // A zip plugin is expanded next to its archive; remove both.
        deleteQuietly(path);
        String zipName = path.getFileName().toString();
        if (Files.isDirectory(path)) {
            deleteQuietly(path);
        } else if (zipName.endsWith(".zip")) {
            deleteQuietly(pluginsDir.resolve(zipName.substring(0, zipName.length() - 4)));
        }
    }

    private void removeStrategies(String pluginId) {
        List<LoadedStrategy> removed = strategies.remove(pluginId);
        if (removed != null && !removed.isEmpty()) {
            List<String> ids = removed.stream().map(s -> s.descriptor().id()).toList();
            listeners.forEach(l -> l.strategiesRemoved(pluginId, ids));
        }
    }

    private PluginWrapper require(String pluginId) {
        PluginWrapper w = manager.getPlugin(pluginId);
        if (w == null) {
            throw new PluginException("unknown plugin '" + pluginId + "'");
        }
        return w;
    }

    public synchronized List<LoadedStrategy> strategies() {
        return strategies.values().stream().flatMap(List::stream).toList();
    }

    public synchronized Optional<LoadedStrategy> strategy(String strategyId) {
        return strategyUnsafe(strategyId);
    }

    private Optional<LoadedStrategy> strategyUnsafe(String strategyId) {
        return strategies.values().stream().flatMap(List::stream)
                .filter(s -> s.descriptor().id().equals(strategyId)).findFirst();
    }

    public void addListener(PluginListener listener) {
        listeners.add(listener);
    }

    @Override
    public synchronized void close() {
        for (String id : new ArrayList<>(strategies.keySet())) {
            removeStrategies(id);
        }
        try {
            // PF4J's stopPlugins()/unloadPlugins() iterate lists they modify (ConcurrentModificationException once a
            // plugin was stopped and started at runtime): unload one at a time from a copy, which also stops it.
            for (var plugin : new ArrayList<>(manager.getPlugins())) {
                manager.unloadPlugin(plugin.getPluginId());
            }
        } catch (RuntimeException e) {
            LOG.warn("error while unloading plugins: {}", message(e));
        }
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
