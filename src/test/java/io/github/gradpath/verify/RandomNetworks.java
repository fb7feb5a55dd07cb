package io.github.gradpath.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded generator of network source text for property tests: a chain of 2-30 layers where each layer is one of
 * a plain layer, a layer with a bias, a weighted skip into a pre-activation, a two-weight product, an additive
 * merge of the previous node with one or two earlier ones (skips nest and overlap freely, since the earlier
 * nodes are drawn at random), a residual unit {@code h_k = h_{k-1} + F_k(W_k h_{k-1})}, or a residual unit with
 * a nested application inside, {@code F_k(W_k G_k(V_k h_{k-1}))}. Activation and loss names are drawn from
 * known and unknown ones. Only the text is produced: the tests parse it like any user file.
 */
final class RandomNetworks {
    private static final String[] ACTIVATIONS = {"a", "a", "tanh", "sigmoid", "softplus", "identity", "sigma"};
    private static final String[] LOSSES = {"L", "L", "E", "sum", "logsumexp", "mse"};

    private RandomNetworks() {}

    /** The network for {@code seed}; {@code maxResiduals} caps residual units (each doubles the path count). */
    static String generate(long seed, int maxResiduals) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int depth = 2 + rnd.nextInt(29);
        List<String> lines = new ArrayList<>();
        List<String> params = new ArrayList<>();
        List<String> nodes = new ArrayList<>();
        nodes.add("x");
        int residuals = 0;
        for (int k = 1; k <= depth; k++) {
            String prev = nodes.get(nodes.size() - 1);
            String h = "h_" + sub(k);
            String act = act(rnd, k);
            int kind = rnd.nextInt(8);
            if ((kind == 5 || kind == 6) && residuals >= maxResiduals) kind = 0;
            if ((kind == 2 || kind == 4) && nodes.size() < 3) kind = 0;
            switch (kind) {
                case 1 -> {
                    params.add("b_" + sub(k));
                    lines.add(h + " = " + act + "(w_" + sub(k) + " " + prev + " + b_" + sub(k) + ");");
                }
                case 2 -> lines.add(h + " = " + act + "(w_" + sub(k) + " " + prev + " + u_" + sub(k) + " "
                        + earlier(rnd, nodes) + ");");
                case 3 -> {
                    params.add("v_" + sub(k));
                    lines.add(h + " = " + act + "(w_" + sub(k) + " v_" + sub(k) + " " + prev + ");");
                }
                case 4 -> {
                    String e1 = earlier(rnd, nodes);
                    String sum = prev + " + " + e1;
                    if (nodes.size() >= 4 && rnd.nextBoolean()) {
                        String e2 = earlier(rnd, nodes);
                        if (!e2.equals(e1)) sum += " + " + e2;
                    }
                    lines.add(h + " = " + sum + ";");
                }
                case 5 -> {
                    residuals++;
                    lines.add(h + " = " + prev + " + F_" + sub(k) + "(W_" + sub(k) + " " + prev + ");");
                }
                case 6 -> {
                    residuals++;
                    lines.add(h + " = " + prev + " + F_" + sub(k) + "(W_" + sub(k) + " G_" + sub(k) + "(V_" + sub(k)
                            + " " + prev + "));");
                }
                default -> lines.add(h + " = " + act + "(w_" + sub(k) + " " + prev + ");");
            }
            nodes.add(h);
        }
        String loss = LOSSES[rnd.nextInt(LOSSES.length)];
        StringBuilder sb = new StringBuilder("# generated, seed " + seed + "\nnetwork Random" + seed + " {\n");
        sb.append("  input x;\n");
        if (!params.isEmpty()) sb.append("  param ").append(String.join(", ", params)).append(";\n");
        for (String l : lines) sb.append("  ").append(l).append('\n');
        sb.append("  y = ").append(act(rnd, depth + 1)).append("(w_").append(sub(depth + 1)).append(' ')
                .append(nodes.get(nodes.size() - 1)).append(");\n");
        sb.append("  loss ").append(loss).append("(y);\n}\n");
        return sb.toString();
    }

    /** A node other than the previous one (any earlier one, the input included). */
    private static String earlier(SplittableRandom rnd, List<String> nodes) {
        return nodes.get(rnd.nextInt(nodes.size() - 1));
    }

    private static String act(SplittableRandom rnd, int k) {
        String a = ACTIVATIONS[rnd.nextInt(ACTIVATIONS.length)];
        return a.equals("a") ? "a_" + sub(k) : a;
    }

    private static String sub(int k) {
        return k < 10 ? String.valueOf(k) : "{" + k + "}";
    }
}
