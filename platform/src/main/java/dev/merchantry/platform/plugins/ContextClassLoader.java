package dev.merchantry.platform.plugins;

/** Sets the thread context class loader for a plugin call and restores it: {@code try (var l = use(cl)) {...}}. */
public final class ContextClassLoader implements AutoCloseable {

    private final Thread thread;
    private final ClassLoader previous;

    private ContextClassLoader(ClassLoader loader) {
        this.thread = Thread.currentThread();
        this.previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
    }

    public static ContextClassLoader use(ClassLoader loader) {
        return new ContextClassLoader(loader);
    }

    @Override
    public void close() {
        thread.setContextClassLoader(previous);
    }
}
