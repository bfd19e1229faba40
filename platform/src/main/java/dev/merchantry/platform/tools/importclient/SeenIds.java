package dev.merchantry.platform.tools.importclient;

/**
 * Remembers which order ids a file has already closed, in 16 bytes per id instead of a {@code HashSet<String>}'s
 * ~100, so spotting a non-consecutive repeat stays cheap on files with millions of orders. Ids are kept as 64-bit
 * hashes: two different ids collide with probability about n²/2⁶⁵ (3·10⁻⁸ for a million orders).
 */
final class SeenIds {

    private long[] slots = new long[1024];
    private int size;

    /** Adds the id; false when it was already there. */
    boolean add(String id) {
        long h = hash(id);
        if (size * 2 >= slots.length) {
            grow();
        }
        if (!insert(slots, h)) {
            return false;
        }
        size++;
        return true;
    }

    int size() {
        return size;
    }

    private boolean insert(long[] table, long h) {
        int mask = table.length - 1;
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (table[i] != 0) {
            if (table[i] == h) {
                return false;
            }
            i = (i + 1) & mask;
        }
        table[i] = h;
        return true;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        for (long h : old) {
            if (h != 0) {
                insert(slots, h);
            }
        }
    }

    /** FNV-1a over the UTF-16 code units, then the SplitMix64 finalizer to spread the bits; never 0 (empty slot). */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return h == 0 ? 1 : h;
    }
}
