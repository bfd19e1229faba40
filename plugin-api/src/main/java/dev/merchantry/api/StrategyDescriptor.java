package dev.merchantry.api;

import dev.merchantry.api.config.ConfigSpec;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identity and configuration of one strategy.
 *
 * @param id globally unique kebab-case id, e.g. {@code item-knn}; shops bind strategies by this id
 * @param kind which kind interface the strategy implements
 * @param version semantic version of the strategy (not of its plugin), e.g. {@code 1.2.0}
 * @param name short display name for the console, e.g. {@code Item-based k-NN}
 * @param doc one paragraph for merchants: what it does, when to choose it, what it needs
 * @param configSpec every configuration key the strategy accepts
 * @since 0.1.0
 */
public record StrategyDescriptor(
        String id, StrategyKind kind, String version, String name, String doc, ConfigSpec configSpec) {

    private static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Pattern SEMVER =
            Pattern.compile("(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");

    public StrategyDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(configSpec, "configSpec");
        if (!KEBAB.matcher(id).matches() || id.length() > 64) {
            throw new IllegalArgumentException("strategy id '" + id + "' must be kebab-case (a-z, 0-9, '-'), at most 64 characters");
        }
        if (!SEMVER.matcher(version).matches()) {
            throw new IllegalArgumentException("strategy '" + id + "' version '" + version + "' is not a semantic version like 1.0.0");
        }
        name = name == null || name.isBlank() ? id : name;
        doc = doc == null ? "" : doc;
    }
}
