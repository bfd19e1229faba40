package dev.merchantry.plugins.recommenders.knn;

import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.plugins.recommenders.common.ModelIndex;

/**
 * For each entity (item or user), its most similar entities with positive similarity, best first: entity
 * {@code e}'s list is {@code neighbour[ptr[e] .. ptr[e+1])} with similarities {@code similarity[...]}. Immutable.
 */
public final class NeighbourLists {

    final int[] ptr;
    final int[] neighbour;
    final float[] similarity;

    NeighbourLists(int[] ptr, int[] neighbour, float[] similarity) {
        this.ptr = ptr;
        this.neighbour = neighbour;
        this.similarity = similarity;
    }

    public int entities() {
        return ptr.length - 1;
    }

    public int from(int e) {
        return ptr[e];
    }

    public int to(int e) {
        return ptr[e + 1];
    }

    public int neighbour(int k) {
        return neighbour[k];
    }

    public double similarity(int k) {
        return similarity[k];
    }

    /** The similarity of {@code a} to {@code b} if b is among a's kept neighbours, else 0. */
    public double similarity(int a, int b) {
        for (int k = ptr[a]; k < ptr[a + 1]; k++) {
            if (neighbour[k] == b) {
                return similarity[k];
            }
        }
        return 0;
    }

    /** Number of stored neighbour entries. */
    public int size() {
        return neighbour.length;
    }

    void write(ModelWriter w) {
        w.writeInts(ptr).writeInts(neighbour).writeFloats(similarity);
    }

    static NeighbourLists read(ModelReader r, int entities, int range) {
        int[] ptr = r.readInts();
        int[] nb = r.readInts();
        float[] sim = r.readFloats();
        ModelIndex.require(ptr.length == entities + 1 && nb.length == sim.length && ptr[entities] == nb.length,
                "neighbour list sizes");
        for (int e = 0; e < entities; e++) {
            ModelIndex.require(ptr[e] >= 0 && ptr[e] <= ptr[e + 1], "neighbour list offsets");
        }
        for (int n : nb) {
            ModelIndex.require(n >= 0 && n < range, "neighbour out of range");
        }
        return new NeighbourLists(ptr, nb, sim);
    }
}
