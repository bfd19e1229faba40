package dev.merchantry.plugins.profiling;

import dev.merchantry.api.profile.Profiler;
import dev.merchantry.testkit.ProfilerContractTest;

/** {@code rfm} satisfies the profiler contract. */
class RfmContractTest extends ProfilerContractTest {
    @Override
    protected Profiler strategy() {
        return new RfmProfiler();
    }
}
