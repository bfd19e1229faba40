package dev.merchantry.plugins.profiling;

import dev.merchantry.api.profile.Profiler;
import dev.merchantry.testkit.ProfilerContractTest;

/** {@code clv} satisfies the profiler contract. */
class ClvContractTest extends ProfilerContractTest {
    @Override
    protected Profiler strategy() {
        return new ClvProfiler();
    }
}
