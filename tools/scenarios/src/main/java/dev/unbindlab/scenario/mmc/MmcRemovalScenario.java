package dev.unbindlab.scenario.mmc;

import dev.unbindlab.scenario.GuestContext;
import dev.unbindlab.scenario.LeakCheck;
import dev.unbindlab.scenario.Scenario;
import dev.unbindlab.scenario.VmNeeds;
import dev.unbindlab.vm.Arch;
import dev.unbindlab.vm.DiskImage;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The MMC issue (seed: "mmc: hot removal", where "it is a reference counting issue, not a locking
 * issue"): an SD card goes away while a file system on it is mounted and busy. The 2009 bug was
 * fixed by reference counting in the MMC block driver and the block layer, so vanilla 7.3.4 is
 * expected clean; these scenarios check that it still is. QEMU {@code pc} with {@code sdhci-pci}
 * and an {@code sd-card} on a 64 MiB ext4 image made on the host; the cycle is {@link MmcCycleEngine}.
 */
public final class MmcRemovalScenario implements Scenario {

    static final int CYCLES = 50;
    /** QEMU's sd-card wants a power-of-two size; 64 MiB holds 50 cycles of reference files and the writers' files. */
    static final long CARD_BYTES = 64L << 20;
    static final String DRIVE_ID = "sdcard";

    /** The card pulled out of its slot while the file system on it is busy (QMP eject from the host). */
    public static final MmcRemovalScenario CARD_REMOVAL = new MmcRemovalScenario("mmc-card-removal",
            "the SD card is ejected (QMP) while its mounted ext4 is written and read and its block device read raw, then put back",
            false);

    /** The same I/O while the controller's driver goes (the host-side equivalent: a card reader unplugged). */
    public static final MmcRemovalScenario CONTROLLER_UNBIND = new MmcRemovalScenario("mmc-controller-unbind",
            "the same I/O while the SD host controller is unbound from sdhci-pci, then bound again",
            true);

    public static final List<MmcRemovalScenario> ALL = List.of(CARD_REMOVAL, CONTROLLER_UNBIND);

    private final String name;
    private final String summary;
    private final boolean controllerUnbind;

    private MmcRemovalScenario(String name, String summary, boolean controllerUnbind) {
        this.name = name;
        this.summary = summary;
        this.controllerUnbind = controllerUnbind;
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
        return Set.of(Arch.X86_64);
    }

    /** No variant patches MMC or the block layer: vanilla is the kernel under test. */
    @Override
    public boolean appliesTo(String variant) {
        return variant.equals("vanilla");
    }

    @Override
    public OptionalInt cycles() {
        return OptionalInt.of(CYCLES);
    }

    @Override
    public VmNeeds vmNeeds(Arch arch) {
        List<String> devices = List.of(
                "-device", "sdhci-pci,id=sdhci",
                "-device", "sd-card,drive=" + DRIVE_ID + ",id=" + QemuCardSlot.CARD_ID);
        return new VmNeeds(List.of(LeakCheck.KERNEL_ARGUMENT), devices, 1024, !controllerUnbind,
                List.of(new DiskImage(DRIVE_ID, CARD_BYTES, "ext4", "unbindlab")));
    }

    @Override
    public Duration timeout(Arch arch) {
        return Duration.ofMinutes(12);
    }

    @Override
    public void run(GuestContext guest) throws Exception {
        new MmcCycleEngine(guest, controllerUnbind, guest.cycles(CYCLES)).run();
    }
}
