package dev.merchantry.platform.node;

/**
 * One feature of a node (shops, ingest, serving, jobs, ...): it builds its services from the {@link NodeCore} and
 * the modules it depends on, and declares in {@link #register} what it offers — REST routes, event-bus consumers,
 * periodic work and what to do at stop — all through the one {@link NodeWiring}, so every feature is wired the same
 * way and {@code MerchantryNode} reads as the list of them.
 */
public interface NodeModule {

    /** Declares the module's routes, consumers, schedules and stop hooks; called once, in installation order. */
    void register(NodeWiring wiring);
}
