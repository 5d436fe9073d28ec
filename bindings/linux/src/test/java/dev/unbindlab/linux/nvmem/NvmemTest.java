package dev.unbindlab.linux.nvmem;

import dev.unbindlab.linux.sysfs.Sysfs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sysfs layout of an at24 EEPROM with one cell, as Linux 6.9+ exposes it. */
class NvmemTest {

    @TempDir Path sys;
    Nvmem nvmem;
    byte[] eeprom = new byte[256];

    @BeforeEach
    void buildTree() throws IOException {
        for (int i = 0; i < eeprom.length; i++) {
            eeprom[i] = (byte) (i * 7);
        }
        Path dev = Files.createDirectories(sys.resolve("bus/nvmem/devices/0-00500"));
        Files.write(dev.resolve("nvmem"), eeprom);
        Files.writeString(dev.resolve("type"), "EEPROM\n");
        Files.writeString(dev.resolve("force_ro"), "0\n");
        Path cells = Files.createDirectories(dev.resolve("cells"));
        Files.write(cells.resolve("mac-address@1a,0"), new byte[] {(byte) (0x1a * 7), (byte) (0x1b * 7)});
        nvmem = new Nvmem(new Sysfs(sys));
    }

    @Test
    void listsDevicesWithTypeSizeAndCells() throws IOException {
        List<NvmemDevice> devices = nvmem.list();
        assertEquals(1, devices.size());
        NvmemDevice d = devices.getFirst();
        assertEquals("0-00500", d.name());
        assertEquals("EEPROM", d.type());
        assertEquals(256, d.size());
        assertEquals(List.of(new NvmemCell("mac-address", 0x1a, 0, 2, "mac-address@1a,0")), d.cells());
    }

    @Test
    void readsRangesWholeDeviceAndCells() throws IOException {
        assertArrayEquals(java.util.Arrays.copyOfRange(eeprom, 16, 48), nvmem.read("0-00500", 16, 32));
        assertArrayEquals(java.util.Arrays.copyOfRange(eeprom, 250, 256), nvmem.read("0-00500", 250, 32),
                "short at the end");
        assertArrayEquals(eeprom, nvmem.readAll("0-00500"));
        assertArrayEquals(new byte[] {eeprom[0x1a], eeprom[0x1b]}, nvmem.readCell("0-00500", "mac-address"));
    }

    @Test
    void missingDeviceOrCellIsNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> nvmem.device("1-00510"))
                .getMessage().contains("1-00510"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> nvmem.readCell("0-00500", "serial"))
                .getMessage().contains("serial"));
        assertEquals("ENOENT", assertThrows(dev.unbindlab.linux.LinuxException.class,
                () -> nvmem.read("1-00510", 0, 4)).errnoName());
    }
}
