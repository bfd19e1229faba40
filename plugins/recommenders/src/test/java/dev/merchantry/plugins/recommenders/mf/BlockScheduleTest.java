package dev.merchantry.plugins.recommenders.mf;

import dev.merchantry.testkit.OfflineContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BlockScheduleTest {

    private static final int B = SgdBlocks.B;

    @Test
    void everyGroupSeesItsBlocksInStratumOrderAndNoTwoBlocksOfAGroupOverlap() {
        OfflineContext context = OfflineContext.create();
        SplittableRandom random = new SplittableRandom(4);
        for (int round = 0; round < 50; round++) {
            int[] strata = permutation(random);
            // Per group, the strata of its blocks in the order they started, and how many of its blocks are running.
            List<List<Integer>> userOrder = lists();
            List<List<Integer>> itemOrder = lists();
            AtomicInteger[] userBusy = counters();
            AtomicInteger[] itemBusy = counters();
            double sse = BlockSchedule.run(context, context.parallelism() - 1, strata, (s, g) -> {
                int h = (g + strata[s]) % B;
                assertEquals(1, userBusy[g].incrementAndGet(), "user group " + g + " trained twice at once");
                assertEquals(1, itemBusy[h].incrementAndGet(), "item group " + h + " trained twice at once");
                synchronized (userOrder) {
                    userOrder.get(g).add(s);
                    itemOrder.get(h).add(s);
                }
                Thread.onSpinWait();
                userBusy[g].decrementAndGet();
                itemBusy[h].decrementAndGet();
                return s * B + g;
            });
            for (int group = 0; group < B; group++) {
                assertEquals(ascending(), userOrder.get(group), "user group " + group);
                assertEquals(ascending(), itemOrder.get(group), "item group " + group);
            }
            // Σ e² of the blocks, added stratum by stratum: here Σ_k k over all B² blocks.
            assertEquals(B * B * (B * B - 1) / 2.0, sse, 0);
        }
    }

    @Test
    void aFailingBlockFailsTheEpochOnTheCallingThread() {
        OfflineContext context = OfflineContext.create();
        IllegalStateException failure = new IllegalStateException("block 5 failed");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> BlockSchedule.run(context, context.parallelism() - 1, permutation(new SplittableRandom(1)),
                        (s, g) -> {
                            if (s == 2 && g == 5) {
                                throw failure;
                            }
                            return 0;
                        }));
        assertSame(failure, thrown);
    }

    @Test
    void withoutHelpersBlocksRunInStratumThenGroupOrder() {
        List<Integer> order = new ArrayList<>();
        BlockSchedule.run(OfflineContext.create(), 0, permutation(new SplittableRandom(2)), (s, g) -> {
            order.add(s * B + g);
            return 0;
        });
        List<Integer> expected = new ArrayList<>();
        for (int k = 0; k < B * B; k++) {
            expected.add(k);
        }
        assertEquals(expected, order);
    }

    private static int[] permutation(SplittableRandom random) {
        List<Integer> list = new ArrayList<>();
        for (int k = 0; k < B; k++) {
            list.add(k);
        }
        Collections.shuffle(list, new java.util.Random(random.nextLong()));
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    private static List<List<Integer>> lists() {
        List<List<Integer>> lists = new ArrayList<>();
        for (int k = 0; k < B; k++) {
            lists.add(new ArrayList<>());
        }
        return lists;
    }

    private static AtomicInteger[] counters() {
        AtomicInteger[] counters = new AtomicInteger[B];
        for (int k = 0; k < B; k++) {
            counters[k] = new AtomicInteger();
        }
        return counters;
    }

    private static List<Integer> ascending() {
        List<Integer> list = new ArrayList<>();
        for (int s = 0; s < B; s++) {
            list.add(s);
        }
        return list;
    }
}
