package dev.merchantry.api.config;

import java.util.Objects;

/**
 * One declared configuration key.
 *
 * @param name snake_case key, e.g. {@code learning_rate}
 * @param type value type
 * @param defaultValue value used when the key is absent, already of the key's type; {@code null} only for
 *        {@link #required() required} keys
 * @param validator checks values beyond their type
 * @param importance how prominently forms show it
 * @param doc one or two sentences for users, shown as help text and in generated docs
 * @since 0.1.0
 */
public record ConfigKey(String name, ConfigType type, Object defaultValue, Validator validator,
                        Importance importance, String doc) {

    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        validator = validator == null ? Validator.NONE : validator;
        importance = importance == null ? Importance.MEDIUM : importance;
        doc = doc == null ? "" : doc;
    }

    /**
     * A key without default must be given by the user.
     *
     * @since 0.1.0
     */
    public boolean required() {
        return defaultValue == null;
    }
}
