package dev.merchantry.platform.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;

/**
 * Writes a standalone Maven project for a new plugin from the templates under {@code cli/scaffold/}: a pom whose
 * parent is {@code merchantry-plugin-parent}, a strategy of the requested kind with a ConfigSpec and a working first
 * algorithm, its model, the testkit's contract test, a test of the algorithm and a README.
 */
final class PluginScaffold {

    /** The strategy kinds a plugin can be scaffolded for, by their wire names. */
    enum Kind {
        recommender("Recommender", "fit", "--ratings ratings.csv --folds 5"),
        forecaster("Forecaster", "fit", "--series sales.csv --horizon 12"),
        profiler("Profiler", "fit", "--orders orders.csv --calibration-end 2025-07-01 --holdout-end 2026-01-01"),
        pricing("PricingAgent", "start", "--demand logit --periods 2000 --runs 20");

        final String classSuffix;
        final String trainingMethod;
        final String evaluateArgs;

        Kind(String classSuffix, String trainingMethod, String evaluateArgs) {
            this.classSuffix = classSuffix;
            this.trainingMethod = trainingMethod;
            this.evaluateArgs = evaluateArgs;
        }
    }

    static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private final Kind kind;
    private final String id;
    private final String javaPackage;

    /** Checks the inputs; a bad one fails with an {@link IllegalArgumentException} naming its option. */
    PluginScaffold(Kind kind, String id, String javaPackage) {
        if (id == null || !ID.matcher(id).matches() || id.length() > 64) {
            throw new IllegalArgumentException("--id: '" + id + "' is not a plugin id: use kebab-case (a-z, 0-9 and"
                    + " single '-' between words, starting with a letter, at most 64 characters), e.g. acme-recs");
        }
        if (javaPackage == null || !SourceVersion.isName(javaPackage) || !javaPackage.contains(".")
                || !javaPackage.equals(javaPackage.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("--package: '" + javaPackage + "' is not a Java package name of at"
                    + " least two lower-case parts without reserved words, e.g. com.acme.recs");
        }
        this.kind = kind;
        this.id = id;
        this.javaPackage = javaPackage;
    }

    /** {@code acme-recs} → {@code AcmeRecs}, the prefix of every generated class name. */
    String classPrefix() {
        StringBuilder b = new StringBuilder();
        for (String part : id.split("-")) {
            b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return b.toString();
    }

    private String title() {
        List<String> words = new ArrayList<>();
        for (String part : id.split("-")) {
            words.add(Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return String.join(" ", words);
    }

    /** Template resource → path of the file in the new project. */
    private Map<String, String> files() {
        String main = "src/main/java/" + javaPackage.replace('.', '/') + "/";
        String test = "src/test/java/" + javaPackage.replace('.', '/') + "/";
        String prefix = classPrefix();
        Map<String, String> files = new LinkedHashMap<>();
        files.put("common/pom.xml", "pom.xml");
        files.put("common/README.md", "README.md");
        files.put("common/gitignore", ".gitignore");
        files.put(kind.name() + "/Strategy.java", main + prefix + kind.classSuffix + ".java");
        files.put(kind.name() + "/Model.java", main + prefix + "Model.java");
        files.put(kind.name() + "/ContractTest.java", test + prefix + "ContractTest.java");
        files.put(kind.name() + "/StrategyTest.java", test + prefix + kind.classSuffix + "Test.java");
        return files;
    }

    /**
     * Writes the project into {@code dir}, which must not exist or be empty; returns the files written.
     *
     * @throws IllegalArgumentException naming {@code --dir} when it is a file or a non-empty directory
     */
    List<Path> writeTo(Path dir) {
        try {
            if (Files.exists(dir) && (!Files.isDirectory(dir) || hasEntries(dir))) {
                throw new IllegalArgumentException("--dir: " + dir + " already exists and is not an empty directory;"
                        + " choose a new one (nothing was written)");
            }
            Map<String, String> values = Map.of("@PACKAGE@", javaPackage, "@ID@", id, "@CLASS@", classPrefix(),
                    "@TITLE@", title(), "@KIND@", kind.name(), "@KIND_CLASS@", kind.classSuffix,
                    "@EXTENSION_METHOD@", kind.trainingMethod, "@EVALUATE_ARGS@", kind.evaluateArgs,
                    "@KIT_VERSION@", kitVersion());
            List<Path> written = new ArrayList<>();
            for (Map.Entry<String, String> f : files().entrySet()) {
                String text = template(f.getKey());
                for (Map.Entry<String, String> v : values.entrySet()) {
                    text = text.replace(v.getKey(), v.getValue());
                }
                Path target = dir.resolve(f.getValue());
                Files.createDirectories(target.getParent());
                Files.writeString(target, text, StandardCharsets.UTF_8);
                written.add(target);
            }
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the plugin project into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasEntries(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        }
    }

    private static String template(String name) throws IOException {
        try (InputStream in = PluginScaffold.class.getResourceAsStream("scaffold/" + name)) {
            if (in == null) {
                throw new IllegalStateException("template scaffold/" + name + " is missing from the distribution");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The version of merchantry-plugin-parent this distribution was built with. */
    static String kitVersion() {
        try (InputStream in = PluginScaffold.class.getResourceAsStream("scaffold/kit.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String v = p.getProperty("kit.version");
            if (v == null || v.startsWith("${")) {
                throw new IllegalStateException("scaffold/kit.properties was not filtered by the build");
            }
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
