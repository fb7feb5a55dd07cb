package io.github.gradpath.dsl;

import io.github.gradpath.diag.Pos;

import java.util.Map;
import java.util.TreeMap;

/**
 * An integer-linear index expression, {@code constant + sum(coeff * symbol)}: {@code n+1}, {@code N-1},
 * {@code 2*k}. Linear is all textbook subscripts need, and it keeps symbolic reasoning decidable.
 */
public record Linear(long constant, Map<String, Long> coeffs, Pos pos) {
    public Linear {
        // Most subscripts are a constant or one symbol: skip the sorted copy then (10^5-line files make 10^6 of them).
        if (coeffs.isEmpty()) {
            coeffs = Map.of();
        } else if (coeffs.size() == 1) {
            Map.Entry<String, Long> e = coeffs.entrySet().iterator().next();
            coeffs = e.getValue() == 0 ? Map.of() : Map.of(e.getKey(), e.getValue());
        } else {
            TreeMap<String, Long> clean = new TreeMap<>();
            coeffs.forEach((k, v) -> { if (v != 0) clean.put(k, v); });
            coeffs = java.util.Collections.unmodifiableMap(clean);
        }
    }

    public static Linear constant(long c, Pos pos) { return new Linear(c, Map.of(), pos); }

    public static Linear symbol(String s, Pos pos) { return new Linear(0, Map.of(s, 1L), pos); }

    /**
     * Index arithmetic is exact: a result outside the 64-bit range throws {@link Overflow} instead of wrapping
     * round ({@code h_{9223372036854775807+1}} must not become {@code h_{-9223372036854775808}}).
     */
    public static final class Overflow extends ArithmeticException {
        public Overflow() { super("index arithmetic leaves the 64-bit range (" + Long.MIN_VALUE + ".." + Long.MAX_VALUE + ")"); }
    }

    public Linear plus(Linear o, long sign) {
        if (o.coeffs.isEmpty() && o.constant == 0) return this;
        TreeMap<String, Long> m = new TreeMap<>(coeffs);
        o.coeffs.forEach((k, v) -> m.merge(k, mul(sign, v), Linear::add));
        return new Linear(add(constant, mul(sign, o.constant)), m, pos);
    }

    public Linear times(long k) {
        TreeMap<String, Long> m = new TreeMap<>();
        coeffs.forEach((s, v) -> m.put(s, mul(v, k)));
        return new Linear(mul(constant, k), m, pos);
    }

    public static long add(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new Overflow();
        }
    }

    public static long mul(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new Overflow();
        }
    }

    public boolean isConstant() { return coeffs.isEmpty(); }

    /** Value under an environment; {@code null} when a symbol has no value there; {@link Overflow} past 64 bits. */
    public Long eval(Map<String, Long> env) {
        if (coeffs.isEmpty()) return constant; // most subscripts: no entry iterator to make
        long v = constant;
        for (Map.Entry<String, Long> e : coeffs.entrySet()) {
            Long x = env.get(e.getKey());
            if (x == null) return null;
            v = add(v, mul(e.getValue(), x));
        }
        return v;
    }

    /** Source-like text: {@code n+1}, {@code N-1}, {@code 2*k-1}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Long> e : coeffs.entrySet()) {
            long c = e.getValue();
            if (sb.length() > 0) sb.append(c < 0 ? "-" : "+");
            else if (c < 0) sb.append('-');
            long a = Math.abs(c);
            if (a != 1) sb.append(a).append('*');
            sb.append(e.getKey());
        }
        if (constant != 0 || sb.length() == 0) {
            if (sb.length() > 0) sb.append(constant < 0 ? "-" : "+").append(Math.abs(constant));
            else sb.append(constant);
        }
        return sb.toString();
    }
}
