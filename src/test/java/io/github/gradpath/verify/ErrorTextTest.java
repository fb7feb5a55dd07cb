package io.github.gradpath.verify;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link VerifyReport#error} writes an error without {@link String#format}, and must write what
 * {@code String.format(Locale.ROOT, "%.1e", e)} writes, character for character: every report depends on it.
 */
class ErrorTextTest {

    private static void same(double e) {
        assertEquals(String.format(Locale.ROOT, "%.1e", e), VerifyReport.error(e), () -> "for " + e + " (bits "
                + Long.toHexString(Double.doubleToRawLongBits(e)) + ")");
    }

    @Test
    void nanAndInfinityAreWords() {
        assertEquals("NaN", VerifyReport.error(Double.NaN));
        assertEquals("inf", VerifyReport.error(Double.POSITIVE_INFINITY));
    }

    @Test
    void edgesAndRoundingCases() {
        for (double e : new double[] {0.0, -0.0, Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, 1e-5,
                Math.nextDown(1e-5), 1e8, Math.nextDown(1e8), 9.95e-10, 9.949999e-10, 9.96e-10, 9.99e-300, 2.65e-9,
                2.649e-9, 2.651e-9, 1.05e-12, 1.15e-12, 1.25e-12, 9.5e-7, 9.45e-7, 1e-300, 1e300, 5e-324, 2.6e-9,
                5.0e-13, 2.0e-29, 1.2e-29, 1.0e-300, 9.999999999999999e22, 1e23, 1e-100}) {
            same(e);
            same(-e);
        }
    }

    /** Values of three to six significant digits ending in 5, 4 and 6 (where half-up rounding decides), every exponent. */
    @Test
    void decimalNeighbourhoods() {
        for (int exp = -323; exp <= 308; exp++) {
            for (int m = 100; m < 1000; m += 1) {
                for (String t : new String[] {m + "5e" + (exp - 3), m + "e" + (exp - 2), m + "49e" + (exp - 4)}) {
                    double x = Double.parseDouble(t);
                    if (Double.isFinite(x)) same(x);
                }
            }
        }
    }

    /** Random bit patterns (every exponent, subnormals included) and random magnitudes of the usual errors. */
    @Test
    void randomDoubles() {
        SplittableRandom rnd = new SplittableRandom(13);
        for (int i = 0; i < 1_000_000; i++) {
            double x = Double.longBitsToDouble(rnd.nextLong());
            if (Double.isFinite(x)) same(x); // NaN and infinity are words of their own ("NaN", "inf")
            same(Math.pow(10, -40 * rnd.nextDouble()) * rnd.nextDouble());
        }
    }
}
