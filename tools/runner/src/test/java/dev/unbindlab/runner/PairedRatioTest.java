package dev.unbindlab.runner;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairedRatioTest {

    @Test
    void constantRatioHasNoWidth() {
        PairedRatio r = PairedRatio.of(new double[] {100, 200, 50}, new double[] {110, 220, 55});
        assertEquals(1.10, r.ratio(), 1e-9);
        assertEquals(1.10, r.low(), 1e-9);
        assertEquals(1.10, r.high(), 1e-9);
        assertTrue(r.significant());
    }

    @Test
    void intervalFromStudentT() {
        // log ratios ln(1.1), ln(0.9): mean -0.00527, sd 0.1419, n 2: half width 12.706 * 0.1419 / sqrt(2) = 1.2750
        PairedRatio r = PairedRatio.of(new double[] {100, 100}, new double[] {110, 90});
        assertEquals(Math.sqrt(1.1 * 0.9), r.ratio(), 1e-9);
        double mean = (Math.log(1.1) + Math.log(0.9)) / 2;
        double sd = Math.abs(Math.log(1.1) - Math.log(0.9)) / Math.sqrt(2);
        assertEquals(Math.exp(mean - 12.706 * sd / Math.sqrt(2)), r.low(), 1e-9);
        assertEquals(Math.exp(mean + 12.706 * sd / Math.sqrt(2)), r.high(), 1e-9);
        assertFalse(r.significant());
    }

    @Test
    void tQuantiles() {
        assertEquals(2.262, PairedRatio.t975(9), 1e-9);
        assertEquals(2.021, PairedRatio.t975(40), 0.002);
        assertEquals(1.984, PairedRatio.t975(100), 0.002);
    }

    @Test
    void refusesWhatCannotGiveAnInterval() {
        assertThrows(IllegalArgumentException.class, () -> PairedRatio.of(new double[] {1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> PairedRatio.of(new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> PairedRatio.of(new double[] {1, 0}, new double[] {1, 1}));
    }
}
