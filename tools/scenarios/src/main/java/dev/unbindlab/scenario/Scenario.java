package dev.unbindlab.scenario;

import dev.unbindlab.verdict.Expectation;
import dev.unbindlab.verdict.Verdict;
import dev.unbindlab.vm.Arch;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One reproducible situation. The host side reads what the scenario needs from the VM and what it
 * expects on each kernel variant; {@link #run} is the part that executes inside the guest and
 * reports through KTAP.
 */
public interface Scenario {

    /** The name used on the command line, in run directories and in test names, e.g. {@code mtd-conformance}. */
    String name();

    /** One line for {@code vm scenarios} and reports. */
    String summary();

    Set<Arch> arches();

    /** What the guest needs beyond the standard boot (extra kernel parameters, QEMU devices, memory). */
    default VmNeeds vmNeeds(Arch arch) {
        return VmNeeds.NONE;
    }

    /**
     * For a scenario made of repeated cycles, how many one run plans (a run may stop earlier, e.g.
     * at the first kernel report); {@code vm run --cycles} overrides it. Empty for other scenarios.
     */
    default OptionalInt cycles() {
        return OptionalInt.empty();
    }

    /**
     * Whether the scenario × variant cell belongs in the matrix: a scenario about one subsystem
     * says which variants patch it (plus vanilla); {@code vm run} still runs any pair asked for.
     */
    default boolean appliesTo(String variant) {
        return true;
    }

    /**
     * A scenario that measures (its result is numbers for {@code vm cost}, not a verdict about the
     * kernel) stays out of the matrix.
     */
    default boolean isMeasurement() {
        return false;
    }

    /**
     * Whether the matrix may run this scenario in a boot it shares with other scenarios expected
     * clean on the same kernel ({@link SharedBoot}): there it gets their kernel arguments too
     * (kmemleak=on, say) and the kernel state they leave.
     */
    default boolean sharesBoot() {
        return true;
    }

    /** Wall-clock limit for one boot under TCG, including boot and JVM start, at {@link #cycles()} cycles. */
    Duration timeout(Arch arch);

    /** The verdict(s) the scenario accepts on a kernel variant; a reproduction scenario expects REPRODUCED on vanilla. */
    default Expectation expected(String variant) {
        return Expectation.of(Verdict.CLEAN);
    }

    /**
     * Runs inside the guest. Every check is a KTAP result written through
     * {@link GuestContext#ktap(int)}; an exception means the scenario could not run (an
     * infrastructure error), never that the kernel misbehaved.
     */
    void run(GuestContext guest) throws Exception;
}
