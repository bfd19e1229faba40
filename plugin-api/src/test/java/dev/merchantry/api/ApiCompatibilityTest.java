package dev.merchantry.api;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Binary compatibility of the plugin API with the last release: the public and protected signatures of the
 * release, committed in {@code src/test/resources/api/<version>.signatures}, must all still be there (plugins
 * compiled against it would otherwise fail to link), and no abstract method may be added to a type the release had
 * (its implementations in plugins would not have it): add methods as {@code default} methods. Additions are listed,
 * to be recorded in a new signature file at the next release ({@code -Dmerchantry.api.recordSignatures=VERSION}).
 *
 * <p>No japicmp here: it needs the previous release's jar from a Maven repository, and none has been published yet.
 */
class ApiCompatibilityTest {

    /** The release this build must stay compatible with. */
    static final String BASELINE = "0.1.0";

    private static Path classesRoot() throws Exception {
        return Path.of(StrategyContext.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** The signatures of every public type of dev.merchantry.api, sorted. */
    static Set<String> signatures() throws Exception {
        Path root = classesRoot();
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root.resolve("dev/merchantry/api"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".")
                        .replaceAll("\\.class$", "");
                if (name.endsWith("package-info")) {
                    continue;
                }
                Class<?> type = Class.forName(name, false, ApiCompatibilityTest.class.getClassLoader());
                if (!isVisible(type)) {
                    continue;
                }
                out.add(describeType(type));
                for (Constructor<?> c : type.getDeclaredConstructors()) {
                    if (exposed(c.getModifiers()) && !c.isSynthetic()) {
                        out.add("ctor " + type.getName() + params(c));
                    }
                }
                for (Method m : type.getDeclaredMethods()) {
                    if (exposed(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                        out.add("method " + type.getName() + "#" + m.getName() + params(m) + " " + m.getReturnType().getTypeName()
                                + (Modifier.isStatic(m.getModifiers()) ? " static" : "")
                                + (Modifier.isAbstract(m.getModifiers()) ? " abstract" : m.isDefault() ? " default" : ""));
                    }
                }
                for (Field fd : type.getDeclaredFields()) {
                    if (exposed(fd.getModifiers()) && !fd.isSynthetic()) {
                        out.add("field " + type.getName() + "#" + fd.getName() + " " + fd.getType().getTypeName()
                                + (Modifier.isStatic(fd.getModifiers()) ? " static" : "")
                                + (Modifier.isFinal(fd.getModifiers()) ? " final" : ""));
                    }
                }
            }
        }
        return out;
    }

    private static boolean isVisible(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

    private static boolean exposed(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static String params(Executable e) {
        return Arrays.stream(e.getParameterTypes()).map(Class::getTypeName).collect(Collectors.joining(",", "(", ")"));
    }

    private static String describeType(Class<?> t) {
        String kind = t.isAnnotation() ? "annotation" : t.isInterface() ? "interface" : t.isEnum() ? "enum"
                : t.isRecord() ? "record" : "class";
        StringBuilder b = new StringBuilder("type ").append(t.getName()).append(' ').append(kind);
        if (!t.isInterface() && Modifier.isFinal(t.getModifiers())) {
            b.append(" final");
        }
        if (!t.isInterface() && Modifier.isAbstract(t.getModifiers())) {
            b.append(" abstract");
        }
        if (t.getSuperclass() != null && t.getSuperclass() != Object.class && !t.isEnum() && !t.isRecord()) {
            b.append(" extends ").append(t.getSuperclass().getName());
        }
        if (t.getInterfaces().length > 0) {
            b.append(" implements ").append(Arrays.stream(t.getInterfaces()).map(Class::getName).sorted()
                    .collect(Collectors.joining(",")));
        }
        return b.toString();
    }

    private static Path baselineFile(String version) {
        return Path.of("src/test/resources/api/" + version + ".signatures");
    }

    @Test
    void theLastReleasesSignaturesAreAllStillHereAndNoAbstractMethodWasAdded() throws Exception {
        String record = System.getProperty("merchantry.api.recordSignatures");
        Set<String> current = signatures();
        if (record != null && !record.isBlank()) {
            Files.createDirectories(baselineFile(record).getParent());
            Files.write(baselineFile(record), current, StandardCharsets.UTF_8);
        }
        Set<String> baseline = new LinkedHashSet<>(Files.readAllLines(baselineFile(BASELINE), StandardCharsets.UTF_8));
        baseline.removeIf(l -> l.isBlank() || l.startsWith("#"));
        List<String> problems = problems(baseline, current);
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    /** What breaks plugins built against {@code baseline}: its lines missing now, and new abstract methods on its types. */
    static List<String> problems(Set<String> baseline, Set<String> current) {
        List<String> problems = new ArrayList<>();
        for (String line : baseline) {
            if (!current.contains(line)) {
                problems.add("removed or changed since " + BASELINE + ": " + line);
            }
        }
        Set<String> typesOfBaseline = baseline.stream().filter(l -> l.startsWith("type "))
                .map(l -> l.split(" ")[1]).collect(Collectors.toSet());
        for (String line : current) {
            if (!baseline.contains(line) && line.startsWith("method ") && line.endsWith(" abstract")
                    && typesOfBaseline.contains(line.substring("method ".length(), line.indexOf('#')))) {
                problems.add("abstract method added to a type of " + BASELINE + " (implementations would lack it;"
                        + " make it a default method): " + line);
            }
        }
        return problems;
    }

    @Test
    void theCheckSeesRemovalsAndNewAbstractMethods() throws Exception {
        Set<String> baseline = Set.of("type a.T interface", "method a.T#m() int abstract", "method a.T#n() int default");
        assertEquals(List.of(), problems(baseline, Set.of("type a.T interface", "method a.T#m() int abstract",
                "method a.T#n() int default", "method a.T#o() int default", "type a.U interface",
                "method a.U#p() int abstract")), "default methods and new types are compatible additions");
        assertEquals(1, problems(baseline, Set.of("type a.T interface", "method a.T#m() long abstract",
                "method a.T#n() int default")).stream().filter(p -> p.startsWith("removed or changed")).count(),
                "a changed return type breaks linking");
        assertEquals(1, problems(baseline, Set.of("type a.T interface", "method a.T#m() int abstract",
                "method a.T#n() int default", "method a.T#q() int abstract")).size(), "a new abstract method breaks");
        Set<String> current = signatures();
        // Sanity of the extraction itself, so that the comparison above cannot pass on an empty list.
        assertEquals(true, current.contains("method dev.merchantry.api.recommend.Recommender#fit("
                + "dev.merchantry.api.recommend.RecommenderData,dev.merchantry.api.config.Config,"
                + "dev.merchantry.api.StrategyContext,dev.merchantry.api.ProgressListener) "
                + "dev.merchantry.api.recommend.RecommenderModel abstract"), "abstract interface methods are listed");
        assertEquals(true, current.contains("method dev.merchantry.api.StrategyContext#parallelism() int default"),
                "default methods are listed as default");
        assertEquals(true, current.stream().anyMatch(l -> l.startsWith("type dev.merchantry.api.Parallel$RangeTask ")),
                "public nested types are listed");
    }

    private static final Pattern DOCUMENTED_PUBLIC = Pattern.compile(
            "/\\*\\*((?:(?!\\*/).)*)\\*/\\s*(?:@\\w+(?:\\([^)]*\\))?\\s*)*public\\s[^;{=]*", Pattern.DOTALL);

    @Test
    void everyDocumentedPublicDeclarationSaysSinceWhen() throws IOException {
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("package-info.java")).toList()) {
                String src = Files.readString(f);
                Matcher m = DOCUMENTED_PUBLIC.matcher(src);
                while (m.find()) {
                    if (!m.group(1).contains("@since")) {
                        missing.add(f.getFileName() + ": " + m.group().substring(m.group().lastIndexOf("public")).trim());
                    }
                }
                if (!Pattern.compile("@since[^/]*\\*/\\s*(?:@\\w+(?:\\([^)]*\\))?\\s*)*public\\s+(?:final\\s+|abstract\\s+|sealed\\s+)*"
                        + "(?:class|interface|record|enum)\\s", Pattern.DOTALL).matcher(src).find()) {
                    missing.add(f.getFileName() + ": the public type");
                }
            }
        }
        if (!missing.isEmpty()) {
            fail("@since missing on:\n" + String.join("\n", missing));
        }
    }
}
