package dev.merchantry.platform.plugins;

import org.pf4j.ClassLoadingStrategy;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.DefaultPluginLoader;
import org.pf4j.DefaultPluginManager;
import org.pf4j.JarPluginLoader;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;
import org.pf4j.PluginManager;

import java.nio.file.Path;

/** PF4J's default manager with class loaders that apply {@link PluginIsolation} (host-first for shared APIs). */
final class IsolatingPluginManager extends DefaultPluginManager {

    IsolatingPluginManager(Path pluginsDir) {
        super(pluginsDir);
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new CompoundPluginLoader()
                .add(new DefaultPluginLoader(this) {
                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
                        return new IsolatingClassLoader(pluginManager, descriptor);
                    }
                }, this::isNotDevelopment)
                .add(new JarPluginLoader(this) {
                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
                        return new IsolatingClassLoader(pluginManager, descriptor);
                    }
                }, this::isNotDevelopment);
    }

    /** Plugin-first class loader that still takes the shared APIs from the host. */
    static final class IsolatingClassLoader extends PluginClassLoader {
        IsolatingClassLoader(PluginManager manager, PluginDescriptor descriptor) {
            super(manager, descriptor, IsolatingPluginManager.class.getClassLoader(), ClassLoadingStrategy.PDA);
        }

        @Override
        protected boolean shouldDelegateToParent(String className) {
            return PluginIsolation.hostFirst(className) || super.shouldDelegateToParent(className);
        }
    }
}
