package io.github.gradpath.check;

import io.github.gradpath.Pipeline;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Source;
import io.github.gradpath.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checker's verdict against an independent oracle on random networks and random rows: both sides expanded
 * into explicit polynomials in non-commuting edge symbols by plain recursive path search written here, compared
 * term by term. Rows are drawn right (adjoint rows, sums of paths) and then often mutated (term dropped or
 * doubled, factors swapped, a node replaced), so both verdicts occur many times.
 */
class RandomOracleTest {
    private sealed interface E permits T, P, S, One {}

    private record T(int a, int b) implements E {}

    private record P(List<E> fs) implements E {}

    private record S(List<E> ts) implements E {}

    private record One() implements E {}

    @Test
    void verdictsAgreeWithExplicitExpansion(@TempDir Path dir) {
        Random rnd = new Random(20261127L);
        int right = 0, wrong = 0;
        for (int n = 0; n < 25; n++) {
            String text = network(rnd, 5 + rnd.nextInt(5));
            ComputationGraph g = Pipeline.load(new Source("r.nn", text), new Diagnostics()).graph();
            Path net = CheckFixtures.write(dir, "r" + n + ".nn", text);
            StringBuilder rows = new StringBuilder();
            List<Boolean> expected = new ArrayList<>();
            for (int k = 0; k < 12; k++) {
                int a = g.loss();
                List<Integer> below = new ArrayList<>();
                for (ComputationGraph.Node x : g.nodes()) if (x.id() != a && !paths(g, a, x.id()).isEmpty()) below.add(x.id());
                int b = below.get(rnd.nextInt(below.size()));
                E rhs = rnd.nextBoolean() ? adjoint(g, a, b) : pathsForm(g, a, b);
                rhs = mutate(rnd, g, rhs, below);
                boolean same = expand(g, rhs).equals(expand(g, new T(a, b)));
                expected.add(same);
                if (rows.length() > 0) rows.append("\\\\\n");
                rows.append("   ").append(tex(g, new T(a, b))).append(" &= ").append(tex(g, rhs));
            }
            Path doc = CheckFixtures.write(dir, "r" + n + ".rst", "T\n\n.. math::\n   \\begin{aligned}\n" + rows + "\n   \\end{aligned}\n");
            CheckReport r = DocumentChecker.check(doc, net, null);
            assertEquals(12, r.checked(), text + rows);
            List<Integer> flagged = r.findings().stream().map(Finding::line).toList();
            for (int k = 0; k < 12; k++) {
                boolean isFlagged = flagged.contains(5 + k);
                assertEquals(!expected.get(k), isFlagged, "row " + k + " of\n" + text + rows + "\n" + r.findings());
                if (expected.get(k)) right++; else wrong++;
            }
            for (Finding f : r.findings()) assertTrue(!f.message().startsWith("cannot read"), f.message());
        }
        assertTrue(right > 60 && wrong > 60, right + " right, " + wrong + " wrong");
    }

    private static String network(Random rnd, int n) {
        StringBuilder sb = new StringBuilder("network R {\n  input x;\n  v_1 = a_1(w_1 x);\n");
        for (int i = 2; i <= n; i++) {
            int j = 1 + rnd.nextInt(i - 1), k = 1 + rnd.nextInt(i - 1);
            int form = j == k ? 0 : rnd.nextInt(3);
            if (form == 0) sb.append("  v_").append(i).append(" = a_").append(i).append("(w_").append(i).append(" v_").append(j).append(");\n");
            else if (form == 1) sb.append("  v_").append(i).append(" = v_").append(j).append(" + v_").append(k).append(";\n");
            else sb.append("  v_").append(i).append(" = a_").append(i).append("(w_").append(i).append(" v_").append(j)
                    .append(" + u_").append(i).append(" v_").append(k).append(");\n");
        }
        return sb.append("  loss L(v_").append(n).append(");\n}\n").toString();
    }

    /** ∂a/∂b = Σ over users p of b: ∂a/∂p ∂p/∂b. */
    private static E adjoint(ComputationGraph g, int a, int b) {
        List<E> ts = new ArrayList<>();
        for (int p : g.parents(b)) {
            if (p == a) ts.add(new T(a, b));
            else if (!paths(g, a, p).isEmpty()) ts.add(new P(List.of(new T(a, p), new T(p, b))));
        }
        return ts.size() == 1 ? ts.get(0) : new S(ts);
    }

    /** The sum over paths, each as the product of its edges (identity edges written too: they are 1). */
    private static E pathsForm(ComputationGraph g, int a, int b) {
        List<E> ts = new ArrayList<>();
        for (List<Integer> p : paths(g, a, b)) {
            List<E> fs = new ArrayList<>();
            for (int i = 0; i + 1 < p.size(); i++) fs.add(new T(p.get(i), p.get(i + 1)));
            ts.add(fs.size() == 1 ? fs.get(0) : new P(fs));
        }
        return ts.size() == 1 ? ts.get(0) : new S(ts);
    }

    private static E mutate(Random rnd, ComputationGraph g, E e, List<Integer> nodes) {
        int m = rnd.nextInt(6);
        if (m <= 1) return e;
        if (e instanceof S s && m == 2) {
            List<E> ts = new ArrayList<>(s.ts());
            ts.remove(rnd.nextInt(ts.size()));
            return ts.isEmpty() ? new One() : ts.size() == 1 ? ts.get(0) : new S(ts);
        }
        if (e instanceof S s && m == 3) {
            List<E> ts = new ArrayList<>(s.ts());
            ts.add(ts.get(rnd.nextInt(ts.size())));
            return new S(ts);
        }
        if (m == 4) return swapSomewhere(rnd, e);
        return replaceNode(rnd, e, nodes);
    }

    private static E swapSomewhere(Random rnd, E e) {
        if (e instanceof P p && p.fs().size() >= 2) {
            List<E> fs = new ArrayList<>(p.fs());
            int i = rnd.nextInt(fs.size() - 1);
            E t = fs.get(i);
            fs.set(i, fs.get(i + 1));
            fs.set(i + 1, t);
            return new P(fs);
        }
        if (e instanceof S s) {
            List<E> ts = new ArrayList<>(s.ts());
            int i = rnd.nextInt(ts.size());
            ts.set(i, swapSomewhere(rnd, ts.get(i)));
            return new S(ts);
        }
        return e;
    }

    private static E replaceNode(Random rnd, E e, List<Integer> nodes) {
        if (e instanceof T t) return rnd.nextBoolean() ? new T(t.a(), nodes.get(rnd.nextInt(nodes.size()))) : t;
        if (e instanceof P p) {
            List<E> fs = new ArrayList<>(p.fs());
            int i = rnd.nextInt(fs.size());
            fs.set(i, replaceNode(rnd, fs.get(i), nodes));
            return new P(fs);
        }
        if (e instanceof S s) {
            List<E> ts = new ArrayList<>(s.ts());
            int i = rnd.nextInt(ts.size());
            ts.set(i, replaceNode(rnd, ts.get(i), nodes));
            return new S(ts);
        }
        return e;
    }

    // ---- the oracle: explicit expansion ----

    private static List<List<Integer>> paths(ComputationGraph g, int a, int b) {
        List<List<Integer>> out = new ArrayList<>();
        walk(g, a, b, new ArrayList<>(List.of(a)), out);
        return out;
    }

    private static void walk(ComputationGraph g, int v, int b, List<Integer> cur, List<List<Integer>> out) {
        if (v == b) {
            out.add(List.copyOf(cur));
            return;
        }
        for (int c : g.children(v)) {
            cur.add(c);
            walk(g, c, b, cur, out);
            cur.remove(cur.size() - 1);
        }
    }

    private static Map<String, Integer> expand(ComputationGraph g, E e) {
        Map<String, Integer> out = new TreeMap<>();
        if (e instanceof One) {
            out.put("", 1);
        } else if (e instanceof T t) {
            for (List<Integer> p : paths(g, t.a(), t.b())) {
                StringBuilder w = new StringBuilder();
                for (int i = 0; i + 1 < p.size(); i++) {
                    if (!g.isIdentityEdge(p.get(i), p.get(i + 1))) w.append(p.get(i)).append('>').append(p.get(i + 1)).append(' ');
                }
                out.merge(w.toString(), 1, Integer::sum);
            }
        } else if (e instanceof S s) {
            for (E t : s.ts()) expand(g, t).forEach((k, v) -> out.merge(k, v, Integer::sum));
        } else {
            out.put("", 1);
            for (E f : ((P) e).fs()) {
                Map<String, Integer> right = expand(g, f), next = new TreeMap<>();
                out.forEach((k1, v1) -> right.forEach((k2, v2) -> next.merge(k1 + k2, v1 * v2, Integer::sum)));
                out.clear();
                out.putAll(next);
            }
        }
        out.values().removeIf(v -> v == 0);
        return out;
    }

    private static String tex(ComputationGraph g, E e) {
        if (e instanceof One) return "1";
        if (e instanceof T t) return "\\frac{\\partial " + name(g, t.a()) + "}{\\partial " + name(g, t.b()) + "}";
        if (e instanceof S s) {
            List<String> ts = new ArrayList<>();
            for (E x : s.ts()) ts.add(tex(g, x));
            return "\\left(" + String.join(" + ", ts) + "\\right)";
        }
        List<String> fs = new ArrayList<>();
        for (E x : ((P) e).fs()) fs.add(tex(g, x));
        return String.join("\\times ", fs);
    }

    private static String name(ComputationGraph g, int id) {
        var n = g.node(id).name();
        if (n.indices().isEmpty()) return n.base().equals("L") ? "L" : "{\\bm " + n.base() + "}";
        return "{\\bm " + n.base() + "}_{" + n.subscript() + "}";
    }
}
