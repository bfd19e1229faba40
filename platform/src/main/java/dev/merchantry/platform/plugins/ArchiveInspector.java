package dev.merchantry.platform.plugins;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Checks a plugin archive while streaming it, so a hostile archive costs a bounded amount of memory and time: the
 * number of entries, each entry's and the total expanded size and each entry's compression ratio are counted as the
 * bytes are inflated, and reading stops at the first limit crossed. A 3 GB zip bomb is refused after inflating about
 * a megabyte, not after filling the heap. Entry names that could escape the plugin directory are refused too.
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

    /** Inspects an archive held in memory (an upload) with the default limits. */
    public static PluginArchive inspect(byte[] content) {
        return inspect(new ByteArrayInputStream(content), Limits.DEFAULT);
    }

    /**
     * Reads the archive to its end, checking every entry; returns what it declares.
     *
     * @throws PluginException (INVALID) naming the first problem found
     */
    public static PluginArchive inspect(InputStream raw, Limits limits) {
        CountingStream counted = new CountingStream(raw);
        String propertiesId = null;
        String propertiesVersion = null;
        String manifestId = null;
        String manifestVersion = null;
        boolean hasProperties = false;
        boolean zipDirs = false;
        int entries = 0;
        long total = 0;
        byte[] buffer = new byte[64 << 10];
        try (ZipInputStream zip = new ZipInputStream(counted)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                String name = e.getName();
                if (++entries > limits.maxEntries()) {
                    throw new PluginException("archive has more than " + limits.maxEntries() + " entries");
                }
                checkName(name);
                if (name.startsWith("lib/") || name.startsWith("classes/")) {
                    zipDirs = true;
                }
                boolean descriptor = name.equals("plugin.properties") || name.equalsIgnoreCase("META-INF/MANIFEST.MF");
                ByteArrayOutputStream kept = descriptor ? new ByteArrayOutputStream() : null;
                long compressedStart = counted.count;
                long size = 0;
                for (int n = zip.read(buffer); n > 0; n = zip.read(buffer)) {
                    size += n;
                    total += n;
                    if (size > limits.maxEntryBytes()) {
                        throw new PluginException("archive entry '" + name + "' expands to more than "
                                + mb(limits.maxEntryBytes()) + " (zip bomb?)");
                    }
                    if (total > limits.maxTotalBytes()) {
                        throw new PluginException("archive expands to more than " + mb(limits.maxTotalBytes())
                                + " (zip bomb?)");
                    }
                    if (size > limits.ratioGraceBytes()) {
                        // Off by at most the reader's 512-byte look-ahead: negligible past the grace size.
                        long compressed = Math.max(1, counted.count - compressedStart);
                        if (size / compressed > limits.maxRatio()) {
                            throw new PluginException("archive entry '" + name + "' expands more than "
                                    + limits.maxRatio() + " times its compressed size (zip bomb?)");
                        }
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
        } catch (IOException | IllegalArgumentException e) {
            throw new PluginException("not a jar or zip archive: " + e.getMessage(), e);
        }
        if (entries == 0) {
            throw new PluginException("not a jar or zip archive (no entries)");
        }
        // PF4J reads plugin.properties first, then the manifest: the same precedence here.
        String id = blankToNull(propertiesId) != null ? propertiesId : manifestId;
        String version = blankToNull(propertiesId) != null ? propertiesVersion : manifestVersion;
        if (blankToNull(id) == null) {
            throw new PluginException("no PF4J descriptor: the jar manifest needs Plugin-Id (or plugin.properties plugin.id)");
        }
        return new PluginArchive(id.trim(), blankToNull(version) == null ? null : version.trim(), hasProperties && zipDirs);
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

    /** Counts the compressed bytes the zip reader has consumed. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
