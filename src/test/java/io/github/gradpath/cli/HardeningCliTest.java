package io.github.gradpath.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13 through the command line: each input is one message and exit 2, quickly, never a trace. */
class HardeningCliTest {
    private static final String RES = "network R {\n  input x;\n  h_1 = a(w_1 x);\n  loss L(h_1);\n}\n";

    static String chain(int layers) {
        StringBuilder sb = new StringBuilder("network C {\n  input x;\n  h_0 = a(w_0 x);\n");
        sb.append("  h_{n+1} = a(w_{n+1} h_n) for n in 0..").append(layers - 1).append(";\n");
        return sb.append("  loss L(h_").append(layers).append(");\n}\n").toString();
    }

    @Test
    void forwardWithWrtIsAUsageError() {
        Cli.Result r = Cli.runWithStdin(RES, "derive", "--forward", "--wrt", "zz", "-");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--wrt selects gradient rows and has no effect with --forward"), r.err());
    }

    @Test
    void maxTermsZeroIsRefusedAsByVerify() {
        Cli.Result r = Cli.runWithStdin(RES, "derive", "--max-terms", "0", "-");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("gradpath: error: invalid value for --max-terms: 0 (expected >= 1)"), r.err());
    }

    @Test
    void aFactoredChainTooLargeIsACleanError() {
        // 2,000 layers: 2,001 rows of up to 2,000 factors, past the limit; the adjoint form of it is fine.
        Cli.Result r = Cli.runWithStdin(chain(2000), "derive", "-");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("gradpath: error: the factored form of this network's gradient has more than"
                + " 500000 factors"), r.err());
        assertEquals("", r.out());
        Cli.Result a = Cli.runWithStdin(chain(2000), "derive", "--form", "adjoint", "-");
        assertEquals(0, a.code(), a.err());
    }

    @Test
    void aSymbolicBoundThatGrowsTooFastIsACleanError() {
        Cli.Result r = Cli.runWithStdin("network S {\n  index N : N >= 1;\n  input x;\n  h_1 = a(w_0 x);\n"
                + "  h_{n+1} = a(w_n h_n) for n in 1..1000*N;\n  loss L(h_{1000*N+1});\n}\n", "derive", "-");
        assertEquals(2, r.code(), r.err());
        // At N = 20: h_1..h_20001, w_0..w_20000, x and L.
        assertTrue(r.err().startsWith("<stdin>:1:9: error: at N = 20 network `S` has 40004 nodes (more than 5000)"),
                r.err());
    }

    @Test
    void aWrtIndexThatOverflowsAtTheWitnessIsAnError() {
        // L is bound at the witness, so `L+9223372036854775807` overflows only then: it was exit 3.
        Cli.Result r = Cli.run("derive", "samples/residual-symbolic.nn", "--wrt", "x_{L+9223372036854775807}");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("--wrt:1:4: error: `L+9223372036854775807`: index arithmetic leaves the 64-bit"
                + " range"), r.err());
    }

    @Test
    void aLabelInASymbolicNetworkDerivesInsteadOfCrashing() {
        // Found by src/bench/fuzz.sh (a mutated sample: `w_qnetwork`): NumberFormatException, exit 3. With the one
        // expression tree a label is a label at every binding, so the network derives: w_hh takes w_q's place.
        Cli.Result r = Cli.runWithStdin("network S {\n  index N, p, q : 1 <= p < q < N;\n  input x;\n"
                + "  h_1 = a_0(w_0 x);\n  h_{n+1} = a_n(w_n h_n) for n in 1..N-1, n != q;\n  s_q = h_p + h_q;\n"
                + "  h_{q+1} = a_q(w_hh s_q);\n  y = a_N(w_N h_N);\n  loss L(y);\n}\n", "derive", "-");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\\frac{\\partial L}{\\partial {\\bm w}_{hh}} &= \\frac{\\partial L}{\\partial {\\bm y}}"
                + "\\times \\frac{\\partial {\\bm y}}{\\partial {\\bm h}_N}\\times \\frac{\\partial {\\bm h}_N}{\\partial"
                + " {\\bm h}_{N-1}}\\times \\cdots\\times \\frac{\\partial {\\bm h}_{q+1}}{\\partial {\\bm w}_{hh}}"), r.out());
        assertTrue(!r.out().contains("{\\bm w}_q}"), r.out());
    }
}
