package dev.merchantry.plugins.recommenders.common;

import dev.merchantry.api.config.ConfigSpec;
import dev.merchantry.api.config.ConfigType;
import dev.merchantry.api.config.Importance;
import dev.merchantry.api.config.Validators;

/** Configuration keys several strategies declare, defined once so their names, defaults and docs agree. */
public final class CommonKeys {

    public static final String EXCLUDE_SEEN = "exclude_seen";
    public static final String SEED = "seed";

    private CommonKeys() {
    }

    public static ConfigSpec.Builder excludeSeen(ConfigSpec.Builder b) {
        return b.define(EXCLUDE_SEEN, ConfigType.BOOLEAN, true, Importance.MEDIUM,
                "Do not recommend items the customer already interacted with in the training data.");
    }

    public static ConfigSpec.Builder seed(ConfigSpec.Builder b) {
        return b.define(SEED, ConfigType.LONG, 42L, Importance.LOW,
                "Random seed for initialisation and shuffling; equal seeds and data give identical models.");
    }

    /** The three keys of the regularized bias baseline (Koren 2010, §2.1), with Surprise's defaults. */
    public static ConfigSpec.Builder baseline(ConfigSpec.Builder b) {
        return b.define("baseline_epochs", ConfigType.INT, 10, Validators.between(1, 1000), Importance.LOW,
                        "Alternating least-squares sweeps used to fit the user and item biases.")
                .define("baseline_reg_user", ConfigType.DOUBLE, 15.0, Validators.atLeast(0), Importance.LOW,
                        "Regularization of user biases (a user needs about this many ratings to move far from the mean).")
                .define("baseline_reg_item", ConfigType.DOUBLE, 10.0, Validators.atLeast(0), Importance.LOW,
                        "Regularization of item biases (an item needs about this many ratings to move far from the mean).");
    }

    /** Throws {@link dev.merchantry.api.StrategyException} when the training job was cancelled. */
    public static void checkCancelled(dev.merchantry.api.ProgressListener progress) {
        if (progress.cancelled()) {
            throw new dev.merchantry.api.StrategyException("training cancelled");
        }
    }
}
