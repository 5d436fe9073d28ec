package dev.unbindlab.linux.signal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SigintTest {

    @Test
    void childrenStartedAfterwardsDoNotIgnoreSigint() throws Exception {
        Sigint.restoreDefault();
        Process child = new ProcessBuilder("grep", "^SigIgn:", "/proc/self/status").start();
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        String line = new String(child.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        long ignored = Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16);
        assertEquals(0, ignored & (1L << (Sigint.number() - 1)), "SIGINT still ignored: " + line);
    }
}
