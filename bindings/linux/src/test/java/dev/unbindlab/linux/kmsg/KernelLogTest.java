package dev.unbindlab.linux.kmsg;

import dev.unbindlab.linux.Errno;
import dev.unbindlab.linux.LinuxException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Reads the host's real /dev/kmsg (skipped where the host forbids it: dmesg_restrict, containers). */
class KernelLogTest {

    private static KernelLog openOrSkip() throws LinuxException {
        try {
            return KernelLog.open();
        } catch (LinuxException e) {
            assumeFalse(e.is(Errno.EPERM) || e.is(Errno.EACCES) || e.is(Errno.ENOENT),
                    "/dev/kmsg not readable here: " + e.getMessage());
            throw e;
        }
    }

    @Test
    void recordsArriveInSequenceOrder() throws LinuxException {
        try (KernelLog log = openOrSkip()) {
            List<KmsgRecord> records = log.drain();
            assertFalse(records.isEmpty(), "a booted kernel has logged something");
            for (int i = 1; i < records.size(); i++) {
                assertTrue(records.get(i).sequence() > records.get(i - 1).sequence(), "sequence numbers increase");
            }
        }
    }

    @Test
    void seekToEndLeavesNothingOldToRead() throws LinuxException {
        try (KernelLog log = openOrSkip()) {
            log.seekToEnd();
            // Something may be logged meanwhile, but not the whole boot log.
            assertTrue(log.drain().size() < 5);
            assertEquals(0, log.lostRecords());
        }
    }
}
