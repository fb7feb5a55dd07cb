package io.github.gradpath.render;

import io.github.gradpath.graph.PathStats;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;

/**
 * The distribution of path lengths as an SVG bar chart (as in Veit et al.'s figure 6): one bar per length, its
 * height the count relative to the largest. Counts are exact big integers, far beyond a double (C(1000, 500) has
 * 300 digits), so ratios are taken after shifting both to 53 bits; axis labels are written as {@code m×10^e}.
 */
public final class HistogramSvg {
    private HistogramSvg() {}

    private static final int W = 640, H = 360, LEFT = 80, RIGHT = 20, TOP = 40, BOTTOM = 50;

    public static String write(String title, PathStats.Distribution d) {
        List<BigInteger> c = d.counts();
        BigInteger max = BigInteger.ONE;
        for (BigInteger x : c) if (x.compareTo(max) > 0) max = x;
        int shift = Math.max(0, max.bitLength() - 53);
        double maxD = max.shiftRight(shift).doubleValue();
        double plotW = W - LEFT - RIGHT, plotH = H - TOP - BOTTOM;
        double bar = plotW / c.size();
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H)
                .append("\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n");
        sb.append("  <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append("  <text x=\"").append(W / 2).append("\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">")
                .append(esc(title)).append("</text>\n");
        for (int k = 0; k < c.size(); k++) {
            double h = c.get(k).shiftRight(shift).doubleValue() / maxD * plotH;
            if (c.get(k).signum() > 0 && h < 0.5) h = 0.5; // a path exists: let it show
            sb.append("  <rect x=\"").append(f(LEFT + k * bar + bar * 0.1)).append("\" y=\"").append(f(TOP + plotH - h))
                    .append("\" width=\"").append(f(Math.max(bar * 0.8, 0.5))).append("\" height=\"").append(f(h))
                    .append("\" fill=\"#1f77b4\"><title>length ").append(k).append(": ").append(c.get(k))
                    .append(" paths</title></rect>\n");
        }
        // Axes, ticks at about ten lengths, the largest count at the top of the scale.
        sb.append("  <line x1=\"").append(LEFT).append("\" y1=\"").append(f(TOP + plotH)).append("\" x2=\"")
                .append(W - RIGHT).append("\" y2=\"").append(f(TOP + plotH)).append("\" stroke=\"black\"/>\n");
        sb.append("  <line x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"").append(LEFT)
                .append("\" y2=\"").append(f(TOP + plotH)).append("\" stroke=\"black\"/>\n");
        int step = Math.max(1, niceStep(c.size()));
        for (int k = 0; k < c.size(); k += step) {
            double x = LEFT + k * bar + bar / 2;
            sb.append("  <text x=\"").append(f(x)).append("\" y=\"").append(f(TOP + plotH + 16))
                    .append("\" text-anchor=\"middle\">").append(k).append("</text>\n");
        }
        sb.append("  <text x=\"").append(f(LEFT + plotW / 2)).append("\" y=\"").append(H - 12)
                .append("\" text-anchor=\"middle\">path length (layers passed)</text>\n");
        sb.append("  <text x=\"").append(LEFT - 6).append("\" y=\"").append(TOP + 4).append("\" text-anchor=\"end\">")
                .append(sci(max)).append("</text>\n");
        sb.append("  <text x=\"").append(LEFT - 6).append("\" y=\"").append(f(TOP + plotH + 4))
                .append("\" text-anchor=\"end\">0</text>\n");
        sb.append("  <text transform=\"translate(18 ").append(f(TOP + plotH / 2))
                .append(") rotate(-90)\" text-anchor=\"middle\">paths</text>\n");
        sb.append("  <text x=\"").append(W - RIGHT).append("\" y=\"").append(TOP - 6)
                .append("\" text-anchor=\"end\">").append(d.total().bitLength() > 40 ? sci(d.total()) : d.total().toString())
                .append(" paths, mean length ").append(esc(meanDecimal(d))).append("</text>\n");
        sb.append("</svg>\n");
        return sb.toString();
    }

    static int niceStep(int n) {
        int[] steps = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};
        for (int s : steps) if (n / s <= 12) return s;
        return n / 10;
    }

    static String meanDecimal(PathStats.Distribution d) {
        BigInteger[] m = d.mean();
        return new BigDecimal(m[0]).divide(new BigDecimal(m[1]), 2, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    /** {@code 1.01×10^299} with the exponent as a superscript; small counts as they are. */
    static String sci(BigInteger x) {
        if (x.bitLength() <= 20) return x.toString();
        BigDecimal b = new BigDecimal(x).round(new MathContext(3));
        int exp = b.precision() - b.scale() - 1;
        String mant = b.movePointLeft(exp).stripTrailingZeros().toPlainString();
        return mant + "×10<tspan baseline-shift=\"super\" font-size=\"9\">" + exp + "</tspan>";
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
