package dev.merchantry.platform.storage;

/** Lifecycle of a training job; wire names are lower-case. */
public enum JobState { QUEUED, RUNNING, SUCCEEDED, FAILED }
