package dev.merchantry.api.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated configuration: every declared key present with a value of its type. Produced by
 * {@link ConfigSpec#parse}; immutable.
 *
 * @since 0.1.0
 */
public final class Config {

    private final Map<String, Object> values;

    Config(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public int getInt(String key) {
        return (Integer) get(key);
    }

    public long getLong(String key) {
        return (Long) get(key);
    }

    public double getDouble(String key) {
        return (Double) get(key);
    }

    public boolean getBoolean(String key) {
        return (Boolean) get(key);
    }

    public String getString(String key) {
        return (String) get(key);
    }

    @SuppressWarnings("unchecked")
    public List<String> getList(String key) {
        return (List<String>) get(key);
    }

    /**
     * Every key with its typed value, in declaration order.
     *
     * @since 0.1.0
     */
    public Map<String, Object> asMap() {
        return values;
    }

    private Object get(String key) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException("config key '" + key + "' is not declared in this strategy's ConfigSpec");
        }
        return values.get(key);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
