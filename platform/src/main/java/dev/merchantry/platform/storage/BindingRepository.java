package dev.merchantry.platform.storage;

import dev.merchantry.api.StrategyKind;

import java.util.List;
import java.util.Optional;

/** Strategy bindings and their change history. */
public interface BindingRepository {
    Optional<Binding> find(String shopId, StrategyKind kind);

    List<Binding> list(String shopId);

    List<Binding> listAll();

    /** Creates or replaces the binding and appends the history row in one transaction; versions count from 1. */
    Binding put(String shopId, StrategyKind kind, String strategyId, String configJson, boolean enabled, String actor);

    /** Deletes and appends a 'deleted' history row in one transaction; false if there was none. */
    boolean delete(String shopId, StrategyKind kind, String actor);

    /** Newest first. */
    List<BindingChange> history(String shopId, StrategyKind kind, int limit);
}
