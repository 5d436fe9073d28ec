package dev.unbindlab.scenario.unbind;

import dev.unbindlab.linux.kmsg.KmsgRecord;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelReportMatcherTest {

    private static KmsgRecord kernel(int level, String message) {
        return KmsgRecord.parse(level + ",100,33881132,-,caller=T88;" + message);
    }

    @Test
    void firstLinesOfReportsFromTheArm64LaneStop() {
        // Lines copied from the vanilla 7.3.4 consoles of the arm64 lane.
        for (String line : new String[] {
                "BUG: KASAN: slab-use-after-free in cqspi_indirect_read_execute.isra.0+0x4f0/0x568",
                "Unable to handle kernel paging request at virtual address ffff8000817a002c",
                "Internal error: Oops: 0000000096000007 [#1]  SMP",
                "WARNING: CPU: 1 PID: 92 at drivers/mtd/mtdcore.c:1010 del_mtd_device+0x1c/0x40",
                "BUG: sleeping function called from invalid context at kernel/locking/mutex.c:580",
                "kernel BUG at mm/slub.c:552!",
                "Oops: general protection fault, probably for non-canonical address 0xdffffc0000000002: 0000 [#1] SMP KASAN",
                "INFO: task reader-1:138 blocked for more than 120 seconds.",
                "watchdog: BUG: soft lockup - CPU#0 stuck for 26s! [bind:147]"}) {
            assertEquals(Optional.of(line), KernelReportMatcher.match(kernel(3, line)), line);
        }
        assertEquals(Optional.of("BUG: KASAN: x"), KernelReportMatcher.match(kernel(3, "  BUG: KASAN: x")), "leading blanks");
    }

    @Test
    void ordinaryKernelLinesAroundTheReportDoNotStop() {
        for (String line : new String[] {
                "Deleting MTD partitions on \"f1010000.spi.0\":",
                "==================================================================",
                "KASAN: probably user-memory-access in range [0x000000040bd00160-0x000000040bd00167]",
                "spi-nor spi0.0: n25q128a11 (16384 Kbytes)",
                "Call trace:",
                "---[ end trace 0000000000000000 ]---",
                "cadence-qspi f1010000.spi: a WARNING: in the middle is not a report start",
                "random: crng init done"}) {
            assertTrue(KernelReportMatcher.match(kernel(6, line)).isEmpty(), line);
        }
    }

    @Test
    void linesUserspaceWroteToKmsgNeverStopTheRun() {
        // Facility 1 (user): priority 14 = LOG_USER | LOG_INFO, what "echo BUG: x > /dev/kmsg" gives.
        KmsgRecord fromUser = KmsgRecord.parse("14,7,1000,-;BUG: KASAN: written by a test script");
        assertEquals(1, fromUser.facility());
        assertTrue(KernelReportMatcher.match(fromUser).isEmpty());
    }
}
