package dev.unbindlab.linux.kmsg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaintTest {

    @Test
    void untaintedKernelIsG() {
        Taint t = Taint.decode(0);
        assertEquals(Set.of(), t.flags());
        assertEquals("G", t.letters());
        assertFalse(t.hasKernelProblem());
    }

    @Test
    void oopsWarningAndOutOfTreeModule() {
        // D (bit 7) + W (bit 9) + O (bit 12): what a KASAN report after loading our test module leaves.
        Taint t = Taint.decode((1 << 7) | (1 << 9) | (1 << 12));
        assertEquals(Set.of(TaintFlag.DIE, TaintFlag.WARN, TaintFlag.OOT_MODULE), t.flags());
        assertEquals("DWO", t.letters());
        assertTrue(t.hasKernelProblem());
    }

    @Test
    void outOfTreeModuleAloneIsNoKernelProblem() {
        assertFalse(Taint.decode(4096 | 8192).hasKernelProblem());
    }

    @Test
    void badPageIsAKernelProblem() {
        assertEquals(Set.of(TaintFlag.BAD_PAGE), Taint.decode(32).flags());
        assertTrue(Taint.decode(32).hasKernelProblem());
    }

    @Test
    void bitsBeyondTheKnownTableAreKept() {
        Taint t = Taint.decode((1L << 19) | (1L << 40));
        assertEquals(Set.of(TaintFlag.FWCTL), t.flags());
        assertEquals(List.of(40), t.unknownBits());
    }

    @Test
    void bitNumbersFollowTheKernelTable() {
        assertEquals(0, TaintFlag.PROPRIETARY_MODULE.bit());
        assertEquals('W', TaintFlag.WARN.letter());
        assertEquals(9, TaintFlag.WARN.bit());
        assertEquals(18, TaintFlag.TEST.bit());
        for (TaintFlag flag : TaintFlag.values()) {
            assertEquals(flag.ordinal(), flag.bit(), "enum order is bit order: " + flag);
        }
    }

    @Test
    void addedSinceComparesTwoReadings() {
        Taint before = Taint.decode(1 << 12);
        Taint after = Taint.decode((1 << 12) | (1 << 7));
        assertEquals(Set.of(TaintFlag.DIE), after.addedSince(before));
    }

    @Test
    void readsTheProcFileFormat(@TempDir Path dir) throws IOException {
        assertEquals(512, Taint.read(Files.writeString(dir.resolve("tainted"), "512\n")).value());
        IOException e = assertThrows(IOException.class, () -> Taint.read(Files.writeString(dir.resolve("bad"), "W\n")));
        assertTrue(e.getMessage().contains("not a taint mask"));
    }

    @Test
    void readsTheRunningKernel() throws IOException {
        Taint t = Taint.current();
        assertEquals(t, Taint.decode(t.value()));
    }
}
