package dev.merchantry.testkit;

import dev.merchantry.api.Strategy;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Fails a plugin's build when one of its strategies has no contract test. Surefire runs it in every project built on
 * {@code merchantry-plugin-parent} (which scans the testkit and passes the two directories below); elsewhere it is
 * skipped.
 *
 * <p>A strategy is an {@code @Extension} listed in {@code META-INF/extensions.idx} of the plugin's classes; it is
 * covered when a concrete subclass of {@link RecommenderContractTest}, {@link ForecasterContractTest},
 * {@link ProfilerContractTest} or {@link PricingAgentContractTest} among the test classes returns an instance of it
 * from {@code strategy()}.
 */
public class ContractCoverageTest {

    /** System property: the plugin's compiled classes ({@code target/classes}). */
    public static final String CLASSES = "merchantry.testkit.classes";
    /** System property: the plugin's compiled tests ({@code target/test-classes}). */
    public static final String TEST_CLASSES = "merchantry.testkit.testClasses";

    private static final List<Class<?>> CONTRACTS = List.of(RecommenderContractTest.class,
            ForecasterContractTest.class, ProfilerContractTest.class, PricingAgentContractTest.class);

    @Test
    void everyStrategyHasAContractTest() {
        String classes = System.getProperty(CLASSES);
        String testClasses = System.getProperty(TEST_CLASSES);
        assumeTrue(classes != null && testClasses != null, "not run by merchantry-plugin-parent's surefire");
        Path index = Path.of(classes, "META-INF", "extensions.idx");
        assertTrue(Files.isRegularFile(index), "no strategy found: " + index + " is missing. Annotate each strategy"
                + " class with @org.pf4j.Extension (PF4J's annotation processor then writes that file)");
        List<String> missing = uncovered(Path.of(classes), Path.of(testClasses),
                Thread.currentThread().getContextClassLoader());
        if (!missing.isEmpty()) {
            fail("strategies without a contract test (the testkit's checks every strategy must pass):\n  "
                    + String.join("\n  ", missing));
        }
    }

    /**
     * The strategies listed in {@code classes/META-INF/extensions.idx} that no contract test under
     * {@code testClasses} covers, each with the test to add.
     */
    static List<String> uncovered(Path classes, Path testClasses, ClassLoader loader) {
        Set<String> covered = new LinkedHashSet<>();
        for (Class<?> test : contractTests(testClasses, loader)) {
            Object strategy = strategyOf(test);
            if (strategy != null) {
                covered.add(strategy.getClass().getName());
            }
        }
        List<String> missing = new ArrayList<>();
        for (String name : extensions(classes.resolve("META-INF/extensions.idx"))) {
            Class<?> type = load(name, loader);
            if (type == null || !Strategy.class.isAssignableFrom(type) || Modifier.isAbstract(type.getModifiers())
                    || covered.contains(name)) {
                continue;
            }
            Class<?> contract = CONTRACTS.stream().filter(c -> kindOf(c).isAssignableFrom(type)).findFirst().orElse(null);
            missing.add(contract == null ? name + " implements no strategy kind (Recommender, Forecaster, Profiler,"
                    + " PricingAgent)" : name + ": add class " + type.getSimpleName() + "ContractTest extends "
                    + contract.getSimpleName() + " { protected " + kindOf(contract).getSimpleName()
                    + " strategy() { return new " + type.getSimpleName() + "(); } }");
        }
        return missing;
    }

    private static List<String> extensions(Path index) {
        if (!Files.isRegularFile(index)) {
            return List.of();
        }
        try {
            return Files.readAllLines(index, StandardCharsets.UTF_8).stream().map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Class<?>> contractTests(Path testClasses, ClassLoader loader) {
        if (!Files.isDirectory(testClasses)) {
            return List.of();
        }
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(testClasses)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String relative = testClasses.relativize(file).toString();
                String name = relative.substring(0, relative.length() - ".class".length())
                        .replace(file.getFileSystem().getSeparator(), ".");
                Class<?> type = load(name, loader);
                if (type != null && !Modifier.isAbstract(type.getModifiers())
                        && CONTRACTS.stream().anyMatch(c -> c.isAssignableFrom(type))) {
                    out.add(type);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The strategy a contract test returns, or null when it cannot be created without JUnit's help. */
    private static Object strategyOf(Class<?> test) {
        try {
            var constructor = test.getDeclaredConstructor();
            constructor.setAccessible(true);
            Object instance = constructor.newInstance();
            Class<?> contract = CONTRACTS.stream().filter(c -> c.isAssignableFrom(test)).findFirst().orElseThrow();
            Method strategy = contract.getDeclaredMethod("strategy");
            strategy.setAccessible(true);
            return strategy.invoke(instance);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static Class<?> kindOf(Class<?> contract) {
        try {
            return contract.getDeclaredMethod("strategy").getReturnType();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
