package dev.unbindlab.stress;

import dev.unbindlab.scenario.unbind.KernelReported;
import dev.unbindlab.scenario.unbind.Waits;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/** Several workloads around the same unbind ({@code --readers N --held-open}): all start before it, all finish after it. */
final class CombinedWorkload implements Workload {

    static Factory of(List<Factory> factories) {
        if (factories.size() == 1) {
            return factories.getFirst();
        }
        return new Factory() {
            @Override
            public String describe() {
                return factories.stream().map(Factory::describe).collect(Collectors.joining("; and "));
            }

            @Override
            public Workload create(CycleData data, SplittableRandom random) {
                return new CombinedWorkload(factories.stream().map(f -> f.create(data, random.split())).toList());
            }
        };
    }

    private final List<Workload> parts;
    private final List<Workload> started = new ArrayList<>();

    private CombinedWorkload(List<Workload> parts) {
        this.parts = parts;
    }

    @Override
    public boolean start(StressedDevice device, List<String> diagnostics, Waits waits) throws KernelReported, InterruptedException {
        for (Workload part : parts) {
            started.add(part);
            if (!part.start(device, diagnostics, waits)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean finish(long unbindStartNanos, List<String> diagnostics, Waits waits) throws KernelReported, InterruptedException {
        boolean ok = true;
        for (Workload part : started) {
            ok &= part.finish(unbindStartNanos, diagnostics, waits);
        }
        return ok;
    }

    @Override
    public List<String> state() {
        return started.stream().flatMap(part -> part.state().stream()).toList();
    }

    @Override
    public void abandon() {
        parts.forEach(Workload::abandon);
    }
}
