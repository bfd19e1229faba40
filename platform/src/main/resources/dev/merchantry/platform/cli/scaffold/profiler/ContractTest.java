package @PACKAGE@;

import dev.merchantry.api.profile.Profiler;
import dev.merchantry.testkit.ProfilerContractTest;

/** The testkit's profiler contract, run against {@code @ID@}: every check a node relies on. */
class @CLASS@ContractTest extends ProfilerContractTest {

    @Override
    protected Profiler strategy() {
        return new @CLASS@Profiler();
    }
}
