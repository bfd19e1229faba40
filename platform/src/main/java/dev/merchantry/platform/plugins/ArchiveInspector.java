package dev.merchantry.platform.plugins;

import org.apache.commons.io.input.BoundedInputStream;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Checks a plugin archive while streaming it, so a hostile archive costs a bounded amount of memory and time: the
 * number of entries, each entry's and the total expanded size and each entry's compression ratio are counted as the
 * bytes are inflated, and reading stops at the first limit crossed. A 3 GB zip bomb is refused after inflating about
 * a megabyte, not after filling the heap. Entry names that could escape the plugin directory are refused too.
 *
 * <p>A zip can be read two ways, and PF4J uses both: its zip expander walks the entries in order (local headers),
 * class loaders look entries up in the central directory at the end of the file. A crafted archive can show the two
 * readers different contents (or many central-directory entries sharing one compressed kernel), so a file is checked
 * both ways, with the same limits, and both views must declare the same plugin.
 */
public final class ArchiveInspector {

    /**
     * Limits of an acceptable archive.
     *
     * @param maxEntries most entries an archive may have
     * @param maxEntryBytes most bytes one entry may expand to
     * @param maxTotalBytes most bytes all entries together may expand to
     * @param maxRatio most an entry may expand relative to its compressed size, once it is past {@code ratioGraceBytes}
     * @param ratioGraceBytes expanded size below which the ratio is not checked (tiny files compress very well)
     */
    public record Limits(int maxEntries, long maxEntryBytes, long maxTotalBytes, int maxRatio, long ratioGraceBytes) {
        /**
         * Generous for real plugins (the bundled ones expand to a few MB, jars compress 2-10x), tight for bombs:
         * deflate reaches about 1000x on repeated bytes, which is what zip bombs are made of.
         */
        public static final Limits DEFAULT = new Limits(20_000, 256L << 20, 500L << 20, 100, 1L << 20);
    }

    /** Largest descriptor file ({@code plugin.properties}, the manifest) that is parsed. */
    static final int MAX_DESCRIPTOR_BYTES = 64 << 10;

    private ArchiveInspector() {
    }

    /** Inspects an archive held in memory with the default limits (entries in order only: there is no file). */
    public static PluginArchive inspect(byte[] content) {
        return inspect(new ByteArrayInputStream(content), Limits.DEFAULT);
    }

    /**
     * Checks an archive file both ways (entries in order, then the central directory) with the default limits.
     *
     * @throws PluginException (INVALID) naming the first problem found
     */
    public static PluginArchive inspect(Path file) {
        return inspect(file, Limits.DEFAULT);
    }

    static PluginArchive inspect(Path file, Limits limits) {
        PluginArchive streamed;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            streamed = inspect(in, limits);
        } catch (IOException e) {
            throw new PluginException("cannot read the archive: " + e.getMessage(), e);
        }
        PluginArchive central = inspectCentralDirectory(file, limits);
        if (!central.equals(streamed)) {
            throw new PluginException("the archive's central directory and its entries disagree (" + central
                    + " vs " + streamed + "); rebuild it with a standard zip or jar tool");
        }
        return streamed;
    }

    /**
     * Reads the entries in order to the end, checking every one; returns what the archive declares.
     *
     * @throws PluginException (INVALID) naming the first problem found
     */
    public static PluginArchive inspect(InputStream raw, Limits limits) {
        // Commons IO's BoundedInputStream without a bound is a byte counter.
        BoundedInputStream counted;
        try {
            counted = BoundedInputStream.builder().setInputStream(raw).get();
        } catch (IOException e) {
            throw new PluginException(PluginException.Kind.INVALID, "cannot read the archive: " + e.getMessage());
        }
        Scan scan = new Scan(limits);
        try (ZipInputStream zip = new ZipInputStream(counted)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                long compressedStart = counted.getCount();
                // Off by at most the reader's 512-byte look-ahead: negligible past the grace size.
                scan.entry(e.getName(), zip, Long.MAX_VALUE, () -> counted.getCount() - compressedStart);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new PluginException("not a jar or zip archive: " + e.getMessage(), e);
        }
        return scan.result();
    }

    /**
     * The central directory's view: sizes are declared there, so limits and the ratio are checked before inflating,
     * and inflating stops if an entry yields more than it declared.
     */
    private static PluginArchive inspectCentralDirectory(Path file, Limits limits) {
        Scan scan = new Scan(limits);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                long declared = e.getSize();
                long compressed = Math.max(1, e.getCompressedSize());
                if (declared < 0) {
                    throw new PluginException("archive entry '" + e.getName() + "' declares no size");
                }
                scan.declare(e.getName(), declared, compressed);
                try (InputStream in = zip.getInputStream(e)) {
                    scan.entry(e.getName(), in, declared, () -> compressed);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new PluginException("not a jar or zip archive: " + e.getMessage(), e);
        }
        return scan.result();
    }

    /** Counts entries and bytes against the limits and collects the descriptor, for one reading of an archive. */
    private static final class Scan {
        private final Limits limits;
        private final byte[] buffer = new byte[64 << 10];
        private int entries;
        private long total;
        private long declaredTotal;
        private String propertiesId;
        private String propertiesVersion;
        private String manifestId;
        private String manifestVersion;
        private boolean hasProperties;
        private boolean zipDirs;

        Scan(Limits limits) {
            this.limits = limits;
        }

        /** Checks sizes an entry declares before it is inflated. */
        void declare(String name, long declared, long compressed) {
            declaredTotal += declared;
            if (declared > limits.maxEntryBytes()) {
                throw new PluginException("archive entry '" + name + "' expands to more than "
                        + mb(limits.maxEntryBytes()) + " (zip bomb?)");
            }
            if (declaredTotal > limits.maxTotalBytes()) {
                throw new PluginException("archive expands to more than " + mb(limits.maxTotalBytes()) + " (zip bomb?)");
            }
            if (declared > limits.ratioGraceBytes() && declared / compressed > limits.maxRatio()) {
                throw new PluginException("archive entry '" + name + "' expands more than " + limits.maxRatio()
                        + " times its compressed size (zip bomb?)");
            }
        }

        /**
         * Reads one entry to its end with the counters running.
         *
         * @param most bytes the entry may yield (its declared size), or {@code Long.MAX_VALUE}
         * @param compressed compressed bytes of the entry consumed so far (or in all)
         */
        void entry(String name, InputStream data, long most, java.util.function.LongSupplier compressed)
                throws IOException {
            if (++entries > limits.maxEntries()) {
                throw new PluginException("archive has more than " + limits.maxEntries() + " entries");
            }
            checkName(name);
            if (name.startsWith("lib/") || name.startsWith("classes/")) {
                zipDirs = true;
            }
            boolean descriptor = name.equals("plugin.properties") || name.equalsIgnoreCase("META-INF/MANIFEST.MF");
            ByteArrayOutputStream kept = descriptor ? new ByteArrayOutputStream() : null;
            long size = 0;
            for (int n = data.read(buffer); n > 0; n = data.read(buffer)) {
                size += n;
                total += n;
                if (size > most) {
                    throw new PluginException("archive entry '" + name + "' expands beyond the " + most
                            + " bytes it declares (zip bomb?)");
                }
                if (size > limits.maxEntryBytes()) {
                    throw new PluginException("archive entry '" + name + "' expands to more than "
                            + mb(limits.maxEntryBytes()) + " (zip bomb?)");
                }
                if (total > limits.maxTotalBytes()) {
                    throw new PluginException("archive expands to more than " + mb(limits.maxTotalBytes())
                            + " (zip bomb?)");
                }
                if (size > limits.ratioGraceBytes() && size / Math.max(1, compressed.getAsLong()) > limits.maxRatio()) {
                    throw new PluginException("archive entry '" + name + "' expands more than " + limits.maxRatio()
                            + " times its compressed size (zip bomb?)");
                }
                if (kept != null) {
                    if (kept.size() + n > MAX_DESCRIPTOR_BYTES) {
                        throw new PluginException("descriptor '" + name + "' is larger than "
                                + (MAX_DESCRIPTOR_BYTES >> 10) + " KB");
                    }
                    kept.write(buffer, 0, n);
                }
            }
            if (name.equals("plugin.properties")) {
                hasProperties = true;
                Properties p = new Properties();
                p.load(new StringReader(kept.toString(StandardCharsets.UTF_8)));
                propertiesId = p.getProperty("plugin.id");
                propertiesVersion = p.getProperty("plugin.version");
            } else if (kept != null) {
                var attributes = new Manifest(new ByteArrayInputStream(kept.toByteArray())).getMainAttributes();
                manifestId = attributes.getValue("Plugin-Id");
                manifestVersion = attributes.getValue("Plugin-Version");
            }
        }

        PluginArchive result() {
            if (entries == 0) {
                throw new PluginException("not a jar or zip archive (no entries)");
            }
            // PF4J reads plugin.properties first, then the manifest: the same precedence here.
            boolean fromProperties = blankToNull(propertiesId) != null;
            String id = fromProperties ? propertiesId : manifestId;
            String version = fromProperties ? propertiesVersion : manifestVersion;
            if (blankToNull(id) == null) {
                throw new PluginException("no PF4J descriptor: the jar manifest needs Plugin-Id (or plugin.properties plugin.id)");
            }
            return new PluginArchive(id.trim(), blankToNull(version) == null ? null : version.trim(),
                    hasProperties && zipDirs);
        }
    }

    private static void checkName(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0
                || name.matches("^[A-Za-z]:.*") || List.of(name.split("/")).contains("..")) {
            throw new PluginException("archive entry '" + name.replace('\0', '?')
                    + "' points outside the plugin (path traversal)");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String mb(long bytes) {
        return (bytes >> 20) + " MB";
    }
}
