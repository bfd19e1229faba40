package dev.merchantry.plugins.recommenders.blend;

import dev.merchantry.api.model.ModelReader;
import dev.merchantry.api.model.ModelWriter;
import dev.merchantry.api.recommend.Interactions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The regression inputs of one (user, item) pair. Plain blending: 1 and each member's prediction. With meta-features
 * (feature-weighted linear stacking, Sill, Takács, Mackey &amp; Lin 2009, "Feature-Weighted Linear Stacking",
 * arXiv:0911.0460): every input is also multiplied by the centred log support of the user and of the item,
 * log(1 + n) − mean, so a member's weight can grow with how much is known about the pair — neighbour models are
 * strongest for heavy users and items, factor models for the rest.
 *
 * @param userSupport ratings per user in the data the members were trained on
 * @param itemSupport ratings per item likewise
 * @param supportScale multiplies the stored supports before the logarithm: the weights were fitted with supports of
 *                     the probe split's training part, (1 − probe_fraction) of the full data the served members saw
 * @param userCenter mean log(1 + support) of the probe's users, subtracted
 * @param itemCenter likewise for items
 * @param meta whether the support features are used
 */
record BlendFeatures(Map<String, Integer> userSupport, Map<String, Integer> itemSupport, double supportScale,
                     double userCenter, double itemCenter, boolean meta) {

    static BlendFeatures plain() {
        return new BlendFeatures(Map.of(), Map.of(), 1, 0, 0, false);
    }

    /** Supports counted on {@code in}, not yet centred. */
    static BlendFeatures counted(Interactions in, double supportScale, boolean meta) {
        Map<String, Integer> users = new HashMap<>();
        Map<String, Integer> items = new HashMap<>();
        if (meta) {
            for (int row = 0; row < in.size(); row++) {
                users.merge(in.userId(in.user(row)), 1, Integer::sum);
                items.merge(in.itemId(in.item(row)), 1, Integer::sum);
            }
        }
        return new BlendFeatures(users, items, supportScale, 0, 0, meta);
    }

    BlendFeatures centred(double userCenter, double itemCenter) {
        return new BlendFeatures(userSupport, itemSupport, supportScale, userCenter, itemCenter, meta);
    }

    BlendFeatures withSupports(BlendFeatures counts) {
        return new BlendFeatures(counts.userSupport, counts.itemSupport, counts.supportScale, userCenter, itemCenter,
                meta);
    }

    double logUserSupport(String user) {
        return Math.log1p(userSupport.getOrDefault(user, 0) * supportScale);
    }

    double logItemSupport(String item) {
        return Math.log1p(itemSupport.getOrDefault(item, 0) * supportScale);
    }

    /** Inputs per member prediction (and for the intercept). */
    int perInput() {
        return meta ? 3 : 1;
    }

    int width(int members) {
        return (members + 1) * perInput();
    }

    /** Writes the inputs for {@code predictions} of the members into {@code out}. */
    void fill(double[] out, double[] predictions, String user, String item) {
        if (!meta) {
            out[0] = 1;
            System.arraycopy(predictions, 0, out, 1, predictions.length);
            return;
        }
        double lu = logUserSupport(user) - userCenter;
        double li = logItemSupport(item) - itemCenter;
        out[0] = 1;
        out[1] = lu;
        out[2] = li;
        for (int j = 0; j < predictions.length; j++) {
            out[3 * j + 3] = predictions[j];
            out[3 * j + 4] = predictions[j] * lu;
            out[3 * j + 5] = predictions[j] * li;
        }
    }

    /** The plain average of the members: weight 1/k on each prediction, 0 elsewhere. */
    double[] averageWeights(int members) {
        double[] w = new double[width(members)];
        for (int j = 0; j < members; j++) {
            w[(j + 1) * perInput()] = 1.0 / members;
        }
        return w;
    }

    void write(ModelWriter w) {
        w.writeBoolean(meta).writeDouble(supportScale).writeDouble(userCenter).writeDouble(itemCenter);
        writeCounts(w, userSupport);
        writeCounts(w, itemSupport);
    }

    private static void writeCounts(ModelWriter w, Map<String, Integer> counts) {
        List<String> ids = new ArrayList<>(counts.keySet());
        ids.sort(null);
        int[] n = new int[ids.size()];
        for (int k = 0; k < n.length; k++) {
            n[k] = counts.get(ids.get(k));
        }
        w.writeStrings(ids).writeInts(n);
    }

    static BlendFeatures read(ModelReader r) {
        boolean meta = r.readBoolean();
        double scale = r.readDouble();
        double userCenter = r.readDouble();
        double itemCenter = r.readDouble();
        return new BlendFeatures(readCounts(r), readCounts(r), scale, userCenter, itemCenter, meta);
    }

    private static Map<String, Integer> readCounts(ModelReader r) {
        List<String> ids = r.readStrings();
        int[] n = r.readInts();
        if (n.length != ids.size()) {
            throw new IllegalStateException(ids.size() + " ids but " + n.length + " counts");
        }
        Map<String, Integer> m = new HashMap<>();
        for (int k = 0; k < n.length; k++) {
            m.put(ids.get(k), n[k]);
        }
        return m;
    }
}
