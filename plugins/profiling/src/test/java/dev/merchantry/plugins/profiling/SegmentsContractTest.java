package dev.merchantry.plugins.profiling;

import dev.merchantry.api.profile.Profiler;
import dev.merchantry.testkit.ProfilerContractTest;

/** {@code segments} satisfies the profiler contract. */
class SegmentsContractTest extends ProfilerContractTest {
    @Override
    protected Profiler strategy() {
        return new SegmentsProfiler();
    }
}
