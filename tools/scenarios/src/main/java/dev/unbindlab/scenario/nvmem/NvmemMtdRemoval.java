package dev.unbindlab.scenario.nvmem;

import dev.unbindlab.ktap.KtapStream;
import dev.unbindlab.linux.mtd.MtdDirectory;
import dev.unbindlab.scenario.GuestContext;
import dev.unbindlab.scenario.ProcessResult;
import dev.unbindlab.scenario.Scenario;
import dev.unbindlab.scenario.unbind.KernelReportWatcher;
import dev.unbindlab.scenario.unbind.KernelReported;
import dev.unbindlab.scenario.unbind.Waits;
import dev.unbindlab.triage.ReportKind;
import dev.unbindlab.verdict.Expectation;
import dev.unbindlab.verdict.Verdict;
import dev.unbindlab.vm.Arch;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A regression the SRCU series brings in, found while porting it: patch 7 as posted drops the
 * NULL check at the top of nvmem_unregister(), and mtd_device_unregister() calls it for the OTP
 * nvmem devices of every MTD, NULL when the MTD has no OTP. So removing any MTD without OTP
 * (here mtdram) dereferences NULL on both SRCU variants; the author's cleanup_srcu_struct()
 * follow-up does not touch that path.
 */
public final class NvmemMtdRemoval implements Scenario {

    static final String MTD_NAME = "mtdram test device";

    @Override
    public String name() {
        return "nvmem-mtd-removal";
    }

    @Override
    public String summary() {
        return "load and unload mtdram (an MTD without OTP): mtd_device_unregister() calls nvmem_unregister(NULL)";
    }

    @Override
    public Set<Arch> arches() {
        return Set.of(Arch.X86_64);
    }

    @Override
    public boolean appliesTo(String variant) {
        return NvmemUnbindScenario.VARIANTS.contains(variant);
    }

    @Override
    public Duration timeout(Arch arch) {
        return Duration.ofMinutes(3);
    }

    @Override
    public Expectation expected(String variant) {
        return variant.startsWith("nvmem-srcu-v1") ? Expectation.reproduced(ReportKind.GPF, ReportKind.KASAN, ReportKind.PAGING_REQUEST)
                : Expectation.of(Verdict.CLEAN);
    }

    @Override
    public void run(GuestContext guest) throws Exception {
        try (KernelReportWatcher watcher = new KernelReportWatcher(guest::log)) {
            watcher.start();
            Waits waits = new Waits(watcher);
            KtapStream ktap = guest.ktap(2);
            guest.modprobe("mtdram", "total_size=1024", "erase_size=64");
            var mtd = waits.call("find-mtd", Duration.ofSeconds(20), () -> MtdDirectory.system().awaitByName(MTD_NAME, Duration.ofSeconds(15)));
            ktap.pass("load-mtdram", List.of(MTD_NAME + " is " + mtd.deviceNode()));
            try {
                ProcessResult unload = waits.call("unload-mtdram", Duration.ofSeconds(60),
                        () -> guest.exec(Duration.ofSeconds(50), "modprobe", "-r", "mtdram"));
                waits.sync();
                boolean gone = MtdDirectory.system().findByName(MTD_NAME).isEmpty();
                ktap.report("unload-mtdram", unload.succeeded() && gone, List.of(unload.succeeded() ? "modprobe -r mtdram ok" : unload.describe(),
                        gone ? MTD_NAME + " removed" : MTD_NAME + " still registered"));
            } catch (KernelReported e) {
                watcher.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(10));
                ktap.fail("unload-mtdram", List.of("kernel report while unloading: " + e.report().line()));
            }
        }
    }
}
