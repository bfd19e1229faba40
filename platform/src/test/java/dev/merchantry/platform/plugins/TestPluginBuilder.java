package dev.merchantry.platform.plugins;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Builds PF4J plugin jars on the fly for tests: compiles Java sources against the test class path, writes the
 * manifest descriptor and {@code META-INF/extensions.idx}. Reusable by any platform test that needs a plugin.
 */
public final class TestPluginBuilder {

    private final String id;
    private String version = "1.0.0";
    private String requires = "*";
    private String pluginClass;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final List<String> extensions = new ArrayList<>();

    private TestPluginBuilder(String id) {
        this.id = id;
    }

    public static TestPluginBuilder plugin(String id) {
        return new TestPluginBuilder(id);
    }

    public TestPluginBuilder version(String v) {
        this.version = v;
        return this;
    }

    public TestPluginBuilder requires(String r) {
        this.requires = r;
        return this;
    }

    public TestPluginBuilder pluginClass(String className, String source) {
        this.pluginClass = className;
        sources.put(className, source);
        return this;
    }

    public TestPluginBuilder source(String className, String source) {
        sources.put(className, source);
        return this;
    }

    /** Adds a class listed in extensions.idx. */
    public TestPluginBuilder extension(String className, String source) {
        sources.put(className, source);
        extensions.add(className);
        return this;
    }

    /** A recommender strategy with the given id whose model answers {@code p0 … p(size-1)}; model format 1. */
    public TestPluginBuilder recommender(String className, String strategyId) {
        return recommender(className, strategyId, 1, 1, "");
    }

    /**
     * A recommender like {@link #recommender(String, String)} that writes its models in format {@code writes} and
     * reads formats {@code readsFrom..writes}: a version that changed its model format incompatibly has
     * {@code readsFrom > 1}, so models stored by an older version fail to load.
     */
    public TestPluginBuilder recommender(String className, String strategyId, int writes, int readsFrom) {
        return recommender(className, strategyId, writes, readsFrom, "");
    }

    /**
     * As {@link #recommender(String, String)}, with {@code fitPrelude} (Java statements) run at the start of every
     * {@code fit}, e.g. to make training slow or block it until the test says so.
     */
    public TestPluginBuilder recommender(String className, String strategyId, String fitPrelude) {
        return recommender(className, strategyId, 1, 1, fitPrelude);
    }

    private TestPluginBuilder recommender(String className, String strategyId, int writes, int readsFrom,
                                          String fitPrelude) {
        int dot = className.lastIndexOf('.');
        String pkg = className.substring(0, dot);
        String simple = className.substring(dot + 1);
        return extension(className, """
                package %1$s;
                import dev.merchantry.api.*;
                import dev.merchantry.api.config.*;
                import dev.merchantry.api.model.*;
                import dev.merchantry.api.recommend.*;
                import java.util.List;
                public class %2$s implements Recommender {
                    public StrategyDescriptor descriptor() {
                        return new StrategyDescriptor("%3$s", StrategyKind.RECOMMENDER, "1.0.0", "Test", "doc",
                            ConfigSpec.builder().define("size", ConfigType.INT, 3, Validators.atLeast(1),
                                Importance.HIGH, "how many").build());
                    }
                    public RecommenderModel fit(RecommenderData d, Config c, StrategyContext ctx, ProgressListener p) {
                        %6$s
                        return load(new ModelWriter().writeInt(c.getInt("size")).toModel("%3$s", %4$d));
                    }
                    public RecommenderModel load(SerializedModel m) {
                        m.requireFormat("%3$s", %4$d);
                        if (m.formatVersion() < %5$d) {
                            throw new ModelFormatException("model format " + m.formatVersion()
                                + " is no longer read (oldest read: %5$d)");
                        }
                        int size = new ModelReader(m).readInt();
                        return new RecommenderModel() {
                            public List<ScoredItem> recommend(RecommendationQuery q) {
                                return java.util.stream.IntStream.range(0, size).mapToObj(i -> "p" + i)
                                    .filter(q.allowed()).map(s -> new ScoredItem(s, 1.0, "test")).toList();
                            }
                            public SerializedModel serialize() { return m; }
                        };
                    }
                }
                """.formatted(pkg, simple, strategyId, writes, readsFrom, fitPrelude));
    }

    public Path buildJar(Path dir) throws IOException {
        Path classes = Files.createTempDirectory(dir, "classes-");
        compile(classes);
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Plugin-Id", id);
        a.putValue("Plugin-Version", version);
        a.putValue("Plugin-Requires", requires);
        a.putValue("Plugin-Provider", "tests");
        a.putValue("Plugin-Description", "test plugin " + id);
        if (pluginClass != null) {
            a.putValue("Plugin-Class", pluginClass);
        }
        Path jar = dir.resolve(id + "-" + version + ".jar");
        Files.write(jar, jarBytes(classes, manifest));
        return jar;
    }

    /** The plugin jar as bytes (for upload tests), built in a temp directory under {@code dir}. */
    public byte[] jarBytes(Path dir) throws IOException {
        Path built = buildJar(Files.createTempDirectory(dir, "jar-"));
        return Files.readAllBytes(built);
    }

    private byte[] jarBytes(Path classes, Manifest manifest) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new JarEntry("META-INF/extensions.idx"));
            jar.write(String.join("\n", extensions).concat("\n").getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    jar.write(Files.readAllBytes(f));
                    jar.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }

    private void compile(Path classes) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager fm = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            fm.setLocation(StandardLocation.CLASS_OUTPUT, List.of(classes.toFile()));
            List<JavaFileObject> units = new ArrayList<>();
            sources.forEach((name, src) -> units.add(new SimpleJavaFileObject(
                    URI.create("string:///" + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return src;
                }
            }));
            StringWriter errors = new StringWriter();
            boolean ok = compiler.getTask(errors, fm, null,
                    List.of("-proc:none", "-classpath", System.getProperty("java.class.path")), null, units).call();
            if (!ok) {
                throw new IllegalStateException("test plugin did not compile:\n" + errors);
            }
        }
    }
}
