package dev.unbindlab.scenario;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeasurementTest {

    @Test
    void appendedMeasurementsReadBack(@TempDir Path dir) throws IOException {
        assertTrue(Measurement.readAll(dir).isEmpty());
        Measurement cmos = new Measurement("nvmem_device_read cmos_nvram0 16 B", "ns", List.of(6800.5, 6750.0, 7001.25));
        Measurement at24 = new Measurement("nvmem_device_read at24 16 B", "ns", List.of(3.1e7, 2.9e7));
        Measurement.append(dir, cmos);
        Measurement.append(dir, at24);
        assertEquals(List.of(cmos, at24), Measurement.readAll(dir));
        assertEquals(6800.5, cmos.median());
        assertEquals(3.0e7, at24.median());
        assertEquals(6750.0, cmos.min());
    }

    @Test
    void aDamagedFileIsAnErrorNamingTheLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(Measurement.FILE), "only-a-name\n");
        IOException e = assertThrows(IOException.class, () -> Measurement.readAll(dir));
        assertTrue(e.getMessage().contains("only-a-name"), e.getMessage());
        Files.writeString(dir.resolve(Measurement.FILE), "x\tns\t1.0,abc\n");
        assertThrows(IOException.class, () -> Measurement.readAll(dir));
    }

    @Test
    void refusesEmptyOrTabbed() {
        assertThrows(IllegalArgumentException.class, () -> new Measurement("x", "ns", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Measurement("a\tb", "ns", List.of(1.0)));
    }
}
