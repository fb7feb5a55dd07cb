package io.github.gradpath.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Labels (a subscript that is a name, not an index): {@code W_hh}, {@code W_{hh}}, and keywords {@code W_in},
 * {@code W_for}, in networks, in the forward block and in {@code --wrt}. Expected rows are the textbook RNN step,
 * written by hand.
 */
class LabelsTest {
    private static final String RNN = """
            network RNN {
              input x_1, x_2;
              h_1 = tanh(W_xh x_1);
              h_2 = tanh(W_hh h_1 + W_xh x_2);
              y = a(W_hy h_2 + b_out);
              param b_out;
              loss L(y);
            }
            """;

    private static String rows(String out) {
        int a = out.indexOf("\\begin{aligned}\n"), b = out.indexOf("   \\end{aligned}");
        return out.substring(a + "\\begin{aligned}\n".length(), b);
    }

    @Test
    void theForwardBlockKeepsLabelSubscripts(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("rnn.nn");
        Files.writeString(p, RNN);
        Cli.Result r = Cli.run("derive", p.toString(), "--forward");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                   {\\bm y} &= a({\\bm W}_{hy}{\\bm h}_2 + {\\bm b}_{out})\\\\
                   {\\bm h}_2 &= \\tanh({\\bm W}_{hh}{\\bm h}_1 + {\\bm W}_{xh}{\\bm x}_2)\\\\
                   {\\bm h}_1 &= \\tanh({\\bm W}_{xh}{\\bm x}_1)
                """, rows(r.out()));
    }

    @Test
    void bracedAndKeywordLabelsAreLabels(@TempDir Path dir) throws Exception {
        Path braced = dir.resolve("braced.nn");
        Files.writeString(braced, RNN.replace("W_hh", "W_{hh}").replace("W_hy", "W_{hy}"));
        Path plain = dir.resolve("plain.nn");
        Files.writeString(plain, RNN);
        Cli.Result a = Cli.run("derive", braced.toString()), b = Cli.run("derive", plain.toString());
        assertEquals(0, a.code(), a.err());
        assertEquals(b.out(), a.out(), "W_{hh} is W_hh");

        Path kw = dir.resolve("kw.nn");
        Files.writeString(kw, RNN.replace("W_xh", "W_in").replace("W_hy", "W_for").replace("a(", "a_out("));
        Cli.Result k = Cli.run("derive", kw.toString(), "--forward");
        assertEquals(0, k.code(), k.err());
        assertTrue(k.out().contains("{\\bm y} &= a_{out}({\\bm W}_{for}{\\bm h}_2 + {\\bm b}_{out})"), k.out());
        assertTrue(k.out().contains("{\\bm h}_1 &= \\tanh({\\bm W}_{in}{\\bm x}_1)"), k.out());
    }

    @Test
    void anIndexInBracesIsStillAnIndex(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("chain.nn");
        Files.writeString(p, "network C { input h_0; h_{n+1} = a(w_{n} h_{n}) for n in 0..1; loss L(h_2); }");
        Cli.Result r = Cli.run("derive", p.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\\frac{\\partial L}{\\partial {\\bm w}_1}"), r.out());
        assertTrue(r.out().contains("\\frac{\\partial L}{\\partial {\\bm w}_0}"), r.out());
    }

    @Test
    void wrtTakesLabels(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("rnn.nn");
        Files.writeString(p, RNN);
        Cli.Result r = Cli.run("derive", p.toString(), "--wrt", "W_hh,b_out");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                   \\frac{\\partial L}{\\partial {\\bm W}_{hh}} &= \\frac{\\partial L}{\\partial {\\bm y}}\\times \\frac{\\partial {\\bm y}}{\\partial {\\bm h}_2}\\times \\frac{\\partial {\\bm h}_2}{\\partial {\\bm W}_{hh}}\\\\
                   \\frac{\\partial L}{\\partial {\\bm b}_{out}} &= \\frac{\\partial L}{\\partial {\\bm y}}\\times \\frac{\\partial {\\bm y}}{\\partial {\\bm b}_{out}}
                """, rows(r.out()));
        Cli.Result bad = Cli.run("derive", p.toString(), "--wrt", "W_hx");
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("--wrt:1:1: error: network RNN has no node `W_{hx}`"), bad.err());
    }
}
