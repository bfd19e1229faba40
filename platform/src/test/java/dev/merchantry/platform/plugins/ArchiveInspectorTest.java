package dev.merchantry.platform.plugins;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Archive checks made while streaming: each limit stops reading as soon as it is crossed. */
class ArchiveInspectorTest {

    private static final String DESCRIPTOR = "plugin.id=demo\nplugin.version=1.2.0\n";

    /** Limits small enough to cross cheaply; the ratio check is off unless a test turns it on. */
    private static final ArchiveInspector.Limits SMALL = new ArchiveInspector.Limits(10, 1 << 20, 3 << 20,
            Integer.MAX_VALUE, 0);

    @Test
    void readsTheDescriptorAndTheLayout() throws IOException {
        PluginArchive zip = ArchiveInspector.inspect(zip(Map.of("plugin.properties", DESCRIPTOR.getBytes(),
                "lib/demo.jar", new byte[100])));
        assertEquals(new PluginArchive("demo", "1.2.0", true), zip);
        assertEquals(".zip", zip.extension());

        PluginArchive jar = ArchiveInspector.inspect(zip(Map.of("META-INF/MANIFEST.MF",
                "Manifest-Version: 1.0\r\nPlugin-Id: from-manifest\r\nPlugin-Version: 2.0.0\r\n\r\n".getBytes(),
                "t/A.class", new byte[10])));
        assertEquals(new PluginArchive("from-manifest", "2.0.0", false), jar);

        PluginArchive noVersion = ArchiveInspector.inspect(zip(Map.of("plugin.properties", "plugin.id=x".getBytes())));
        assertNull(noVersion.version());
        assertFalse(noVersion.zipLayout(), "plugin.properties without lib/ or classes/ is not PF4J's zip layout");
    }

    @Test
    void aHighlyCompressedEntryIsRefusedAfterAboutAMegabyte() throws IOException {
        // 64 MB of zeros deflate to ~64 KB (ratio ~1000): the default limits refuse it by ratio long before 64 MB.
        byte[] bomb = zip(Map.of("plugin.properties", DESCRIPTOR.getBytes(), "zeros.bin", new byte[64 << 20]));
        assertTrue(bomb.length < 200_000, "the test archive is small: " + bomb.length);
        PluginException e = assertThrows(PluginException.class, () -> ArchiveInspector.inspect(bomb));
        assertTrue(e.getMessage().contains("'zeros.bin' expands more than 100 times"), e.getMessage());
    }

    @Test
    void entrySizeTotalSizeAndEntryCountAreBounded() throws IOException {
        PluginException entry = assertThrows(PluginException.class, () -> inspectSmall(zip(Map.of(
                "plugin.properties", DESCRIPTOR.getBytes(), "big.bin", new byte[(1 << 20) + 1]))));
        assertTrue(entry.getMessage().contains("'big.bin' expands to more than 1 MB"), entry.getMessage());

        Map<String, byte[]> four = new LinkedHashMap<>();
        four.put("plugin.properties", DESCRIPTOR.getBytes());
        for (int i = 0; i < 4; i++) {
            four.put("part" + i + ".bin", new byte[1 << 20]);
        }
        PluginException total = assertThrows(PluginException.class, () -> inspectSmall(zip(four)));
        assertTrue(total.getMessage().contains("archive expands to more than 3 MB"), total.getMessage());

        Map<String, byte[]> many = new LinkedHashMap<>();
        many.put("plugin.properties", DESCRIPTOR.getBytes());
        for (int i = 0; i < 10; i++) {
            many.put("f" + i, new byte[1]);
        }
        PluginException count = assertThrows(PluginException.class, () -> inspectSmall(zip(many)));
        assertTrue(count.getMessage().contains("more than 10 entries"), count.getMessage());
    }

    @Test
    void entryNamesThatEscapeThePluginAreRefused() {
        for (String name : new String[] {"../evil", "lib/../../evil", "/etc/passwd", "C:/windows/x", "lib\\..\\x"}) {
            PluginException e = assertThrows(PluginException.class, () -> ArchiveInspector.inspect(zip(Map.of(
                    "plugin.properties", DESCRIPTOR.getBytes(), name, new byte[1]))), name);
            assertTrue(e.getMessage().contains("path traversal"), name + ": " + e.getMessage());
        }
    }

    @Test
    void aFileIsAlsoCheckedThroughItsCentralDirectory(@TempDir Path dir) throws IOException {
        // Readers that walk the entries see the first archive; class loaders (central directory) see the second.
        byte[] innocent = zip(Map.of("plugin.properties", DESCRIPTOR.getBytes()));
        Path hiddenBomb = dir.resolve("hidden-bomb.zip");
        Files.write(hiddenBomb, concat(innocent, zip(Map.of("plugin.properties", DESCRIPTOR.getBytes(),
                "zeros.bin", new byte[64 << 20]))));
        assertEquals("demo", ArchiveInspector.inspect(Files.readAllBytes(hiddenBomb)).pluginId(),
                "the entries alone look fine");
        PluginException bomb = assertThrows(PluginException.class, () -> ArchiveInspector.inspect(hiddenBomb));
        assertTrue(bomb.getMessage().contains("'zeros.bin' expands more than 100 times"), bomb.getMessage());

        Path twoFaced = dir.resolve("two-faced.jar");
        Files.write(twoFaced, concat(innocent, zip(Map.of("plugin.properties", "plugin.id=other\n".getBytes()))));
        PluginException disagree = assertThrows(PluginException.class, () -> ArchiveInspector.inspect(twoFaced));
        assertTrue(disagree.getMessage().contains("central directory and its entries disagree"), disagree.getMessage());

        Path fine = dir.resolve("fine.zip");
        Files.write(fine, zip(Map.of("plugin.properties", DESCRIPTOR.getBytes(), "lib/a.jar", new byte[1000])));
        assertEquals(new PluginArchive("demo", "1.2.0", true), ArchiveInspector.inspect(fine));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void somethingElseIsNotAnArchive() {
        assertThrows(PluginException.class, () -> ArchiveInspector.inspect("not a zip".getBytes()));
        assertThrows(PluginException.class, () -> ArchiveInspector.inspect(new byte[0]));
        PluginException noDescriptor = assertThrows(PluginException.class,
                () -> ArchiveInspector.inspect(zip(Map.of("a.txt", "a".getBytes()))));
        assertTrue(noDescriptor.getMessage().contains("no PF4J descriptor"), noDescriptor.getMessage());
        PluginException hugeDescriptor = assertThrows(PluginException.class, () -> ArchiveInspector.inspect(
                zip(Map.of("plugin.properties", new byte[ArchiveInspector.MAX_DESCRIPTOR_BYTES + 1]))));
        assertTrue(hugeDescriptor.getMessage().contains("descriptor"), hugeDescriptor.getMessage());
    }

    private static PluginArchive inspectSmall(byte[] archive) {
        return ArchiveInspector.inspect(new ByteArrayInputStream(archive), SMALL);
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.setLevel(Deflater.BEST_COMPRESSION);
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
