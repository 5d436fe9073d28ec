package dev.unbindlab.runner;

import java.util.Arrays;

/**
 * What a candidate kernel costs relative to a baseline, from boots run in pairs on the same host
 * (one boot of each per pair, alternating which goes first): the geometric mean of the per-pair
 * ratios candidate/baseline, with a 95% confidence interval from Student's t on the log ratios.
 * Pairing cancels what the host's load does to both boots of a pair; the log makes the interval
 * symmetric for ratios (1.05 and 1/1.05 are the same distance from 1).
 *
 * @param pairs the number of pairs
 * @param ratio geometric mean of candidate/baseline
 * @param low   lower end of the 95% interval
 * @param high  upper end of the 95% interval
 */
public record PairedRatio(int pairs, double ratio, double low, double high) {

    /** Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom. */
    private static final double[] T_975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
            2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045,
            2.042};

    /** {@code baseline[i]} and {@code candidate[i]} come from pair i; at least two pairs, all values positive. */
    public static PairedRatio of(double[] baseline, double[] candidate) {
        if (baseline.length != candidate.length) {
            throw new IllegalArgumentException(baseline.length + " baseline values but " + candidate.length + " candidate values");
        }
        int n = baseline.length;
        if (n < 2) {
            throw new IllegalArgumentException("a confidence interval needs at least 2 pairs, got " + n);
        }
        double[] logs = new double[n];
        for (int i = 0; i < n; i++) {
            if (!(baseline[i] > 0) || !(candidate[i] > 0)) {
                throw new IllegalArgumentException("pair " + i + " has a value that is not positive: " + baseline[i] + ", " + candidate[i]);
            }
            logs[i] = Math.log(candidate[i] / baseline[i]);
        }
        double mean = Arrays.stream(logs).average().orElseThrow();
        double variance = Arrays.stream(logs).map(x -> (x - mean) * (x - mean)).sum() / (n - 1);
        double half = t975(n - 1) * Math.sqrt(variance / n);
        return new PairedRatio(n, Math.exp(mean), Math.exp(mean - half), Math.exp(mean + half));
    }

    static double t975(int degreesOfFreedom) {
        if (degreesOfFreedom < 1) {
            throw new IllegalArgumentException("degrees of freedom must be at least 1");
        }
        // Beyond 30, 1.96 + 2.4/df is within 0.002 of the exact quantile.
        return degreesOfFreedom <= T_975.length ? T_975[degreesOfFreedom - 1] : 1.96 + 2.4 / degreesOfFreedom;
    }

    /** Whether the interval excludes 1: the candidate measurably differs from the baseline. */
    public boolean significant() {
        return low > 1 || high < 1;
    }
}
