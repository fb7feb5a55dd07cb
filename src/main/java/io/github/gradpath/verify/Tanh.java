package io.github.gradpath.verify;

/**
 * {@code tanh} with the same result, bit for bit, as {@link StrictMath#tanh} (and so {@link Math#tanh}, which on
 * Java 17 calls it), but in Java rather than through a native call.
 *
 * <p>Why: the finite differences of a 300-layer network evaluate tanh about twenty million times, and on Java 17
 * each {@code StrictMath.tanh} is a JNI call into the JDK's fdlibm (about 16 ns, most of a forward step's cost).
 * The verifier's reports must not change by a bit, so this is the same algorithm (fdlibm 5.3's {@code s_tanh.c}
 * and {@code s_expm1.c}, Sun Microsystems, 1993, the code StrictMath is specified to match), written out with
 * the same operations in the same order; Java never fuses or reorders floating-point operations, so each step
 * rounds as the C code's does. {@code TanhTest} compares it with {@code StrictMath.tanh} on millions of inputs.
 */
final class Tanh {
    private Tanh() {}

    private static final double HUGE = 1.0e+300, TINY = 1.0e-300;
    private static final double O_THRESHOLD = 7.09782712893383973096e+02; // 0x40862E42 FEFA39EF
    private static final double LN2_HI = 6.93147180369123816490e-01;      // 0x3fe62e42 fee00000
    private static final double LN2_LO = 1.90821492927058770002e-10;      // 0x3dea39ef 35793c76
    private static final double INVLN2 = 1.44269504088896338700e+00;      // 0x3ff71547 652b82fe
    // Scaled coefficients of the rational approximation of expm1 on [-0.35, 0.35].
    private static final double Q1 = -3.33333333333331316428e-02;          // BFA11111 111110F4
    private static final double Q2 = 1.58730158725481460165e-03;           // 3F5A01A0 19FE5585
    private static final double Q3 = -7.93650757867487942473e-05;          // BF14CE19 9EAADBB7
    private static final double Q4 = 4.00821782732936239552e-06;           // 3ED0CFCA 86E65239
    private static final double Q5 = -2.01099218183624371326e-07;          // BE8AFDB7 6E09C32D

    static double tanh(double x) {
        int jx = high(x), ix = jx & 0x7fffffff;
        if (ix >= 0x7ff00000) return jx >= 0 ? 1 / x + 1 : 1 / x - 1; // ±1 at ±inf, NaN stays NaN
        double z;
        if (ix < 0x40360000) { // |x| < 22
            if (ix < 0x3c800000) return x * (1 + x); // |x| < 2^-55
            if (ix >= 0x3ff00000) { // |x| >= 1
                double t = expm1(2 * Math.abs(x));
                z = 1 - 2 / (t + 2);
            } else {
                double t = expm1(-2 * Math.abs(x));
                z = -t / (t + 2);
            }
        } else {
            z = 1 - TINY; // |x| >= 22: 1 (fdlibm raises inexact here)
        }
        return jx >= 0 ? z : -z;
    }

    /** {@code e^x - 1}, as fdlibm's {@code expm1}: x = k ln2 + r, a rational approximation on r, then scaled. */
    static double expm1(double x) {
        int hx = high(x);
        boolean negative = hx < 0;
        hx &= 0x7fffffff;
        if (hx >= 0x4043687A) { // |x| >= 56 ln2
            if (hx >= 0x40862E42) { // |x| >= 709.78...
                if (hx >= 0x7ff00000) {
                    if (((hx & 0xfffff) | low(x)) != 0) return x + x; // NaN
                    return negative ? -1.0 : x;
                }
                if (x > O_THRESHOLD) return HUGE * HUGE; // overflow
            }
            if (negative && x + TINY < 0.0) return TINY - 1; // -1
        }
        double hi, lo, c = 0;
        int k;
        if (hx > 0x3fd62e42) { // |x| > 0.5 ln2
            if (hx < 0x3FF0A2B2) { // and |x| < 1.5 ln2
                if (!negative) {
                    hi = x - LN2_HI;
                    lo = LN2_LO;
                    k = 1;
                } else {
                    hi = x + LN2_HI;
                    lo = -LN2_LO;
                    k = -1;
                }
            } else {
                k = (int) (INVLN2 * x + (negative ? -0.5 : 0.5));
                double t = k;
                hi = x - t * LN2_HI; // exact here
                lo = t * LN2_LO;
            }
            x = hi - lo;
            c = (hi - x) - lo;
        } else if (hx < 0x3c900000) { // |x| < 2^-54
            return x;
        } else {
            k = 0;
        }
        double hfx = 0.5 * x, hxs = x * hfx;
        double r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
        double t = 3.0 - r1 * hfx;
        double e = hxs * ((r1 - t) / (6.0 - x * t));
        if (k == 0) return x - (x * e - hxs); // c is 0
        e = (x * (e - c) - c);
        e -= hxs;
        if (k == -1) return 0.5 * (x - e) - 0.5;
        if (k == 1) return x < -0.25 ? -2.0 * (e - (x + 0.5)) : 1 + 2.0 * (x - e);
        if (k <= -2 || k > 56) { // e^x - 1 is e^x here
            double y = 1 - (e - x);
            return addExponent(y, k) - 1;
        }
        double y;
        if (k < 20) {
            double t1 = withHigh(0x3ff00000 - (0x200000 >> k)); // 1 - 2^-k
            y = t1 - (e - x);
        } else {
            double t1 = withHigh((0x3ff - k) << 20); // 2^-k
            y = x - (e + t1);
            y += 1;
        }
        return addExponent(y, k);
    }

    private static int high(double x) { return (int) (Double.doubleToRawLongBits(x) >>> 32); }

    private static int low(double x) { return (int) Double.doubleToRawLongBits(x); }

    /** A double whose high word is {@code hi} and low word 0. */
    private static double withHigh(int hi) { return Double.longBitsToDouble((long) hi << 32); }

    /** {@code y} with {@code k} added to its exponent field (fdlibm's {@code __HI(y) += k << 20}). */
    private static double addExponent(double y, int k) {
        long bits = Double.doubleToRawLongBits(y);
        int hi = (int) (bits >>> 32) + (k << 20);
        return Double.longBitsToDouble(((long) hi << 32) | (bits & 0xffffffffL));
    }
}
