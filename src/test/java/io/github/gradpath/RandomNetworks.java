package io.github.gradpath;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded generator of network source text for property tests: a chain of layers with random additive skips
 * (nested and overlapping, since the skip source is any earlier node), residual units with nested applications,
 * and layers with two inputs. Each new node uses the previous one, so everything reaches the loss.
 */
public final class RandomNetworks {
    private RandomNetworks() {}

    public static String generate(long seed, int depth) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> nodes = new ArrayList<>();
        StringBuilder sb = new StringBuilder("network R").append(Long.toHexString(seed)).append(" {\n  input x;\n");
        sb.append("  h_1 = a_1(w_1 x);\n");
        nodes.add("h_1");
        for (int k = 2; k <= depth; k++) {
            String prev = nodes.get(nodes.size() - 1);
            String other = nodes.size() > 1 ? nodes.get(r.nextInt(nodes.size() - 1)) : prev;
            int kind = r.nextInt(10);
            String name;
            if (kind < 5 || other.equals(prev)) {
                name = "h_" + k;
                sb.append("  ").append(name).append(" = a_").append(k).append("(w_").append(k).append(' ')
                        .append(prev).append(");\n");
            } else if (kind < 7) {
                name = "s_" + k;
                sb.append("  ").append(name).append(" = ").append(other).append(" + ").append(prev).append(";\n");
            } else if (kind < 9) {
                name = "r_" + k;
                sb.append("  ").append(name).append(" = ").append(prev).append(" + F_").append(k).append("(V_")
                        .append(k).append(' ').append(prev).append(");\n");
            } else {
                name = "g_" + k;
                sb.append("  ").append(name).append(" = a_").append(k).append("(w_").append(k).append(' ')
                        .append(prev).append(" + u_").append(k).append(' ').append(other).append(");\n");
            }
            nodes.add(name);
        }
        sb.append("  y = b(w_y ").append(nodes.get(nodes.size() - 1)).append(");\n  loss L(y);\n}\n");
        return sb.toString();
    }
}
