package dev.merchantry.plugins.profiling.core;

/** Rounding for numbers shown to merchants. */
public final class ProfileMath {

    private ProfileMath() {
    }

    public static double round(double v, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(v * scale) / scale;
    }
}
