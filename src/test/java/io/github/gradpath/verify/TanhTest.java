package io.github.gradpath.verify;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link Tanh} must be {@link StrictMath#tanh} to the bit: the verifier's reports may not change by one digit. */
class TanhTest {
    private static void same(double x) {
        assertEquals(Double.doubleToRawLongBits(StrictMath.tanh(x)), Double.doubleToRawLongBits(Tanh.tanh(x)),
                () -> "tanh(" + x + ") = " + Tanh.tanh(x) + ", StrictMath says " + StrictMath.tanh(x));
        assertEquals(Double.doubleToRawLongBits(StrictMath.expm1(x)), Double.doubleToRawLongBits(Tanh.expm1(x)),
                () -> "expm1(" + x + ") = " + Tanh.expm1(x) + ", StrictMath says " + StrictMath.expm1(x));
    }

    @Test
    void specialValuesAndEveryBranchBoundary() {
        double[] xs = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
                -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 1, -1, 22, -22, 0x1p-55,
                0x1p-54, -0x1p-54, 0.5 * Math.log(2), 1.5 * Math.log(2), -1.5 * Math.log(2), 56 * Math.log(2),
                -56 * Math.log(2), 709.78, 709.79, -709.79, 0.25, -0.25, -0.2500001, 20 * Math.log(2), 19.5 * Math.log(2),
                57 * Math.log(2), -2 * Math.log(2), Double.longBitsToDouble(0x7ff8000000000001L)};
        for (double x : xs) {
            same(x);
            same(Math.nextUp(x));
            same(Math.nextDown(x));
        }
    }

    @Test
    void millionsOfInputsOverEveryScale() {
        SplittableRandom r = new SplittableRandom(20261202);
        for (int i = 0; i < 2_000_000; i++) {
            same((2 * r.nextDouble() - 1) * 4); // where activations live
            same((2 * r.nextDouble() - 1) * Math.scalb(1.0, r.nextInt(-70, 11))); // every exponent expm1 reduces
            if (i % 8 == 0) same(Double.longBitsToDouble(r.nextLong())); // any bit pattern
        }
    }
}
