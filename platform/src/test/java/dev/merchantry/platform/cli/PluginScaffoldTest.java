package dev.merchantry.platform.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code merchantry plugin new}: what it writes, and the input it refuses (naming the option, writing nothing). */
class PluginScaffoldTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void everyKindGetsACompleteProjectWithEveryPlaceholderFilledIn(@TempDir Path tmp) throws IOException {
        for (PluginScaffold.Kind kind : PluginScaffold.Kind.values()) {
            Path dir = tmp.resolve(kind.name());
            Run r = run("plugin", "new", "--kind", kind.name(), "--id", "acme-" + kind.name(), "--package",
                    "com.acme." + kind.name(), "--dir", dir.toString());
            assertEquals(0, r.code(), r.err());
            String prefix = "Acme" + Character.toUpperCase(kind.name().charAt(0)) + kind.name().substring(1);
            String main = "src/main/java/com/acme/" + kind.name() + "/";
            for (String file : List.of("pom.xml", "README.md", ".gitignore", main + prefix + kind.classSuffix + ".java",
                    main + prefix + "Model.java", "src/test/java/com/acme/" + kind.name() + "/" + prefix + "ContractTest.java")) {
                assertTrue(Files.isRegularFile(dir.resolve(file)), kind + ": " + file);
                String text = Files.readString(dir.resolve(file));
                assertFalse(text.matches("(?s).*@[A-Z_]+@.*"), kind + ": a placeholder is left in " + file);
            }
            String pom = Files.readString(dir.resolve("pom.xml"));
            assertTrue(pom.contains("<artifactId>merchantry-plugin-parent</artifactId>"), pom);
            assertTrue(pom.contains("<version>" + PluginScaffold.kitVersion() + "</version>"), pom);
            assertTrue(pom.contains("<artifactId>acme-" + kind.name() + "</artifactId>"), pom);
            assertTrue(Files.readString(dir.resolve(main + prefix + kind.classSuffix + ".java"))
                    .contains("public static final String ID = \"acme-" + kind.name() + "\";"));
        }
    }

    @Test
    void badInputIsRefusedNamingTheOptionAndNothingIsWritten(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("x");
        Run badId = run("plugin", "new", "--kind", "recommender", "--id", "Acme_Recs", "--package", "com.acme",
                "--dir", dir.toString());
        assertEquals(2, badId.code());
        assertTrue(badId.err().contains("--id: 'Acme_Recs' is not a plugin id"), badId.err());
        Run badPackage = run("plugin", "new", "--kind", "recommender", "--id", "acme", "--package", "com.new.x",
                "--dir", dir.toString());
        assertEquals(2, badPackage.code());
        assertTrue(badPackage.err().contains("--package: 'com.new.x'"), badPackage.err());
        Run badKind = run("plugin", "new", "--kind", "ranker", "--id", "acme", "--package", "com.acme",
                "--dir", dir.toString());
        assertEquals(2, badKind.code());
        assertTrue(badKind.err().contains("--kind"), badKind.err());
        assertFalse(Files.exists(dir), "nothing written");

        Files.createDirectories(dir);
        Files.writeString(dir.resolve("keep.txt"), "mine");
        Run taken = run("plugin", "new", "--kind", "forecaster", "--id", "acme", "--package", "com.acme",
                "--dir", dir.toString());
        assertEquals(2, taken.code());
        assertTrue(taken.err().contains("--dir: " + dir + " already exists and is not an empty directory"), taken.err());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("keep.txt")), files.toList());
        }
    }
}
