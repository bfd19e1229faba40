package dev.merchantry.platform.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The stored form of a batch of one shop's impressions: one database row per batch instead of one per list. A row
 * per list cost the embedded database four B-tree inserts per served recommendation (half the node's CPU at
 * saturation); a block of a few thousand lists costs one.
 *
 * <p>Format: version byte, list count, then per list in time order: the time as a delta to the previous list, the
 * recommendation id, and strategy, experiment, variant, customer and item ids as references into a dictionary that
 * grows as the block is written (each distinct string is written once). About 45 bytes a list of ten; not deflated,
 * since deflating cost more CPU on the serving node than the rest of storing (and the random ids do not shrink).
 */
final class ImpressionBlocks {

    private static final int VERSION = 1;

    private ImpressionBlocks() {
    }

    /** Encodes one shop's lists (any order; stored in time order). */
    static byte[] encode(List<ImpressionRecord> lists) {
        List<ImpressionRecord> sorted = new ArrayList<>(lists);
        sorted.sort(Comparator.comparingLong(ImpressionRecord::ts));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 48 * sorted.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeVar(out, sorted.size());
            Map<String, Integer> dictionary = new HashMap<>();
            long previous = 0;
            for (ImpressionRecord r : sorted) {
                writeVar(out, r.ts() - previous);
                previous = r.ts();
                writeId(out, r.recommendationId());
                writeRef(out, r.strategyId(), dictionary);
                writeRef(out, r.experimentId(), dictionary);
                writeRef(out, r.variantId(), dictionary);
                writeRef(out, r.userKey(), dictionary);
                writeVar(out, r.items().size());
                for (String item : r.items()) {
                    writeRef(out, item, dictionary);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The lists of a block, in time order. */
    static List<ImpressionRecord> decode(String shop, byte[] block) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(block))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new StorageException("impression block of unknown format version " + version, null);
            }
            int count = (int) readVar(in);
            List<ImpressionRecord> lists = new ArrayList<>(count);
            List<String> dictionary = new ArrayList<>();
            long ts = 0;
            for (int i = 0; i < count; i++) {
                ts += readVar(in);
                String recommendationId = readId(in);
                String strategy = readRef(in, dictionary);
                String experiment = readRef(in, dictionary);
                String variant = readRef(in, dictionary);
                String user = readRef(in, dictionary);
                int size = (int) readVar(in);
                List<String> items = new ArrayList<>(size);
                for (int k = 0; k < size; k++) {
                    items.add(readRef(in, dictionary));
                }
                lists.add(new ImpressionRecord(shop, recommendationId, ts, strategy, experiment, variant, user, items));
            }
            return lists;
        } catch (IOException e) {
            throw new StorageException("corrupt impression block: " + e.getMessage(), e);
        }
    }

    /** The ids serving makes are UUIDs: 16 bytes instead of 36 characters; any other id is kept as text. */
    private static void writeId(DataOutputStream out, String id) throws IOException {
        UUID uuid = id.length() == 36 ? parseUuid(id) : null;
        if (uuid != null) {
            out.writeByte(0);
            out.writeLong(uuid.getMostSignificantBits());
            out.writeLong(uuid.getLeastSignificantBits());
        } else {
            out.writeByte(1);
            out.writeUTF(id);
        }
    }

    private static UUID parseUuid(String id) {
        try {
            UUID uuid = UUID.fromString(id);
            return uuid.toString().equals(id) ? uuid : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String readId(DataInputStream in) throws IOException {
        return switch (in.readUnsignedByte()) {
            case 0 -> new UUID(in.readLong(), in.readLong()).toString();
            case 1 -> in.readUTF();
            default -> throw new IOException("unknown recommendation id form");
        };
    }

    /** 0 is null; k + 1 is the dictionary's k-th string, and k = size announces a new string written after it. */
    private static void writeRef(DataOutputStream out, String value, Map<String, Integer> dictionary)
            throws IOException {
        if (value == null) {
            writeVar(out, 0);
            return;
        }
        Integer known = dictionary.get(value);
        if (known != null) {
            writeVar(out, known + 1L);
            return;
        }
        int index = dictionary.size();
        dictionary.put(value, index);
        writeVar(out, index + 1L);
        out.writeUTF(value);
    }

    private static String readRef(DataInputStream in, List<String> dictionary) throws IOException {
        long ref = readVar(in);
        if (ref == 0) {
            return null;
        }
        int index = (int) (ref - 1);
        if (index == dictionary.size()) {
            dictionary.add(in.readUTF());
        } else if (index > dictionary.size()) {
            throw new IOException("reference " + index + " past the dictionary's " + dictionary.size() + " entries");
        }
        return dictionary.get(index);
    }

    private static void writeVar(DataOutputStream out, long value) throws IOException {
        if (value < 0) {
            throw new IllegalArgumentException("negative varint " + value);
        }
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    private static long readVar(DataInputStream in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("varint longer than 64 bits");
    }
}
