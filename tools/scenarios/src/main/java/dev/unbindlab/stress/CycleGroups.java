package dev.unbindlab.stress;

import dev.unbindlab.ktap.KtapTest;
import dev.unbindlab.scenario.unbind.CycleBook;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A stress run's KTAP for kselftest/LAVA tooling: one top-level test per group of cycles
 * ({@code cycles-1-10}, with each cycle a subtest), so a long run is tens of test cases rather
 * than thousands. A group fails if one of its cycles failed and is skipped if all were; results
 * that are not cycles (the kmemleak check) stay top-level after the groups.
 */
public final class CycleGroups {

    private CycleGroups() {
    }

    public static List<KtapTest> group(List<KtapTest> results, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a cycle group has at least one cycle, not " + size);
        }
        List<KtapTest> cycles = results.stream().filter(t -> CycleBook.isCycle(t.name())).toList();
        List<KtapTest> others = results.stream().filter(t -> !cycles.contains(t)).toList();
        List<KtapTest> top = new ArrayList<>();
        for (int from = 0; from < cycles.size(); from += size) {
            List<KtapTest> members = cycles.subList(from, Math.min(cycles.size(), from + size));
            List<KtapTest> subtests = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                KtapTest t = members.get(i);
                subtests.add(new KtapTest(i + 1, t.name(), t.ok(), t.directive(), t.reason(), t.diagnostics(), List.of()));
            }
            String name = "cycles-" + (from + 1) + "-" + (from + members.size());
            boolean allSkipped = members.stream().allMatch(KtapTest::skipped);
            boolean failed = members.stream().anyMatch(KtapTest::failed);
            top.add(new KtapTest(top.size() + 1, name, !failed, allSkipped ? Optional.of("SKIP") : Optional.empty(),
                    allSkipped ? members.getFirst().reason() : Optional.empty(), List.of(), subtests));
        }
        for (KtapTest other : others) {
            top.add(new KtapTest(top.size() + 1, other.name(), other.ok(), other.directive(), other.reason(), other.diagnostics(),
                    other.subtests()));
        }
        return top;
    }
}
