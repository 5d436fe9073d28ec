package dev.unbindlab.scenario.unbind;

import dev.unbindlab.linux.LinuxException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrnoHistogramTest {

    private static LinuxException error(String operation, String errnoName) {
        return new LinuxException(19, errnoName, "text", operation, "/dev/mtd0");
    }

    @Test
    void mostFrequentFirstThenByName() {
        ErrnoHistogram h = new ErrnoHistogram();
        h.add(error("open", "ENOENT"));
        h.add(error("read", "ENODEV"));
        h.add(error("read", "ENODEV"));
        h.add(error("open", "ENODEV"));
        h.add(error("read", "ENODEV"));
        assertEquals("read ENODEV x3, open ENODEV x1, open ENOENT x1", h.toString());
        assertEquals(5, h.total());
    }

    @Test
    void ioctlsCountByCallNotRequest() {
        assertEquals("ioctl ENODEV", ErrnoHistogram.key(error("ioctl MEMGETINFO", "ENODEV")));
    }

    @Test
    void emptySaysNone() {
        ErrnoHistogram h = new ErrnoHistogram();
        assertTrue(h.isEmpty());
        assertEquals("none", h.toString());
        h.add("read ok");
        assertFalse(h.isEmpty());
        assertEquals("read ok x1", h.toString());
    }
}
