package dev.merchantry.platform.plugins;

/** Plugin lifecycle as operators see it (JSON: lower-case). */
public enum PluginState { CREATED, RESOLVED, STARTED, STOPPED, DISABLED, FAILED }
