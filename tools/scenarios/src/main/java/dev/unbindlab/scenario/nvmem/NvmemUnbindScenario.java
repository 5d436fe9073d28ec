package dev.unbindlab.scenario.nvmem;

import dev.unbindlab.scenario.GuestContext;
import dev.unbindlab.scenario.LeakCheck;
import dev.unbindlab.scenario.Scenario;
import dev.unbindlab.scenario.VmNeeds;
import dev.unbindlab.triage.ReportKind;
import dev.unbindlab.verdict.Expectation;
import dev.unbindlab.verdict.Verdict;
import dev.unbindlab.vm.Arch;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The nvmem issue (seed: "[PATCH 0/7] nvmem: survive unbind with active consumers"): an nvmem
 * provider goes away while a consumer still holds it. The provider is a real one, at24 on QEMU's
 * PIIX4 SMBus ({@link SmbusEeprom}); the consumer is the nvmem-consumer test module. The cycle is
 * {@link NvmemCycleEngine}.
 */
public final class NvmemUnbindScenario implements Scenario {

    static final int CYCLES = 50;

    /** The variants this family is about; the other x86_64 variants patch MTD, not nvmem. */
    static final Set<String> VARIANTS = Set.of("vanilla", "nvmem-srcu-v1", "nvmem-srcu-v1-fixed");

    /** A use of freed provider memory, however the kernel noticed it. */
    static final Expectation USE_AFTER_FREE = Expectation.reproduced(ReportKind.KASAN, ReportKind.GPF, ReportKind.PAGING_REQUEST);
    /**
     * Patch 7 as posted never calls cleanup_srcu_struct(): every nvmem device released leaks its
     * SRCU state (kmemleak: a 512-byte kmalloc and a 448-byte percpu area from
     * init_srcu_struct_fields() per registration), and when a grace period is still in flight the
     * SRCU work runs on the freed nvmem_device (measured: KASAN slab-use-after-free in
     * srcu_reschedule, workqueue rcu_gp, 1 of 2 sysfs-only runs of 50 cycles). Either is the
     * missing cleanup; a report anywhere else is not.
     */
    static final Expectation SRCU_NOT_CLEANED_UP = Expectation.reproduced(ReportKind.KMEMLEAK, ReportKind.KASAN, ReportKind.GPF,
            ReportKind.PAGING_REQUEST).inFrames("init_srcu_struct_fields|srcu_\\w+|process_srcu");

    /** The cover letter's case: fw_devlink off, the consumer keeps the device and a cell, at24 is unbound, the consumer reads. */
    public static final NvmemUnbindScenario WITH_CONSUMER = new NvmemUnbindScenario("nvmem-unbind-with-consumer",
            "an in-kernel consumer holds the at24 EEPROM's nvmem device and a cell while at24 is unbound, then reads both",
            new NvmemCycleEngine.Mode(true, false, 0), USE_AFTER_FREE, SRCU_NOT_CLEANED_UP);

    /** The thread's USB-expander unplug: the I2C adapter goes, taking the EEPROM client with it. */
    public static final NvmemUnbindScenario ADAPTER_UNPLUG = new NvmemUnbindScenario("nvmem-adapter-unplug",
            "the same consumer while the I2C adapter (piix4_smbus) is unbound, removing the EEPROM client with it",
            new NvmemCycleEngine.Mode(true, true, 0), USE_AFTER_FREE, SRCU_NOT_CLEANED_UP);

    /**
     * The maintainer's point: without an in-kernel consumer, sysfs (kernfs) drains the reads in
     * flight before the device goes, so vanilla should be clean. Patch 7 as posted still leaks
     * at every unregister, consumer or not (its own sysfs reads now take the SRCU lock).
     */
    public static final NvmemUnbindScenario SYSFS_ONLY = new NvmemUnbindScenario("nvmem-sysfs-only",
            "2 user-space readers loop on the EEPROM's sysfs nvmem file, and one holds it open, while at24 is unbound",
            new NvmemCycleEngine.Mode(false, false, 2), Expectation.of(Verdict.CLEAN), SRCU_NOT_CLEANED_UP);

    public static final List<NvmemUnbindScenario> ALL = List.of(WITH_CONSUMER, ADAPTER_UNPLUG, SYSFS_ONLY);

    private final String name;
    private final String summary;
    private final NvmemCycleEngine.Mode mode;
    private final Expectation onVanilla;
    private final Expectation asPosted;

    private NvmemUnbindScenario(String name, String summary, NvmemCycleEngine.Mode mode, Expectation onVanilla, Expectation asPosted) {
        this.name = name;
        this.summary = summary;
        this.mode = mode;
        this.onVanilla = onVanilla;
        this.asPosted = asPosted;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String summary() {
        return summary;
    }

    @Override
    public Set<Arch> arches() {
        // QEMU's pc machine: the PIIX4 SMBus with its EEPROMs.
        return Set.of(Arch.X86_64);
    }

    @Override
    public boolean appliesTo(String variant) {
        return VARIANTS.contains(variant);
    }

    @Override
    public OptionalInt cycles() {
        return OptionalInt.of(CYCLES);
    }

    @Override
    public VmNeeds vmNeeds(Arch arch) {
        // kmemleak scans all of RAM: under TCG two scans of a 2 GiB guest took 9-127 s
        // (quiet host vs three guests and a build); 1 GiB is plenty for the guest JVM's 512 MiB heap.
        return new VmNeeds(List.of(LeakCheck.KERNEL_ARGUMENT), List.of(), 1024);
    }

    /*
     * Measured under TCG (x86_64 KASAN 7.3.4): a whole-EEPROM read through at24 takes about
     * 0.45 s (piix4 polls each SMBus transaction), so a cycle with a consumer is 3-4 s; boot 6 s,
     * JVM start 6-12 s. 50 cycles fit in 4 min on a quiet host; the limit allows a shared one.
     */
    @Override
    public Duration timeout(Arch arch) {
        return Duration.ofMinutes(10);
    }

    @Override
    public Expectation expected(String variant) {
        return switch (variant) {
            case "vanilla" -> onVanilla;
            case "nvmem-srcu-v1" -> asPosted;
            default -> Expectation.of(Verdict.CLEAN);
        };
    }

    @Override
    public void run(GuestContext guest) throws Exception {
        new NvmemCycleEngine(guest, mode, guest.cycles(CYCLES)).run();
    }
}
