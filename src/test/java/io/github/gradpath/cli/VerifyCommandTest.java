package io.github.gradpath.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifyCommandTest {
    record Run(int exit, String out, String err) {}

    static Run run(InputStream stdin, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int exit = CommandFactory.create(new PrintWriter(out), new PrintWriter(err), stdin).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Run run(String... args) {
        return run(new ByteArrayInputStream(new byte[0]), args);
    }

    static List<Path> samples() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("samples"))) {
            return s.filter(p -> p.toString().endsWith(".nn")).sorted().toList();
        }
    }

    @Test
    void everySampleVerifiesInEveryForm() throws Exception {
        List<Path> samples = samples();
        assertTrue(samples.size() >= 5);
        for (Path p : samples) {
            Run r = run("verify", p.toString());
            assertEquals(0, r.exit(), p + "\n" + r.out() + r.err());
            assertEquals("", r.err());
            for (String form : List.of("factored form", "paths form", "adjoint form")) {
                assertTrue(r.out().contains("\n" + form + "\n"), form + " in " + r.out());
            }
            assertTrue(r.out().contains("\nok: "), r.out());
            assertFalse(r.out().contains("FAILED"), r.out());
        }
    }

    @Test
    void aSymbolicNetworkIsVerifiedAtTwoInstantiations() {
        Run r = run("verify", "--form", "factored", "samples/chapter-skip.nn");
        assertEquals(0, r.exit(), r.out() + r.err());
        List<String> headers = r.out().lines().filter(l -> l.startsWith("verify ")).toList();
        assertEquals(2, headers.size(), r.out());
        assertTrue(headers.get(0).startsWith("verify ForwardSkip at N = "), headers.get(0));
        assertFalse(headers.get(0).equals(headers.get(1)), "the two instantiations must differ");
        // Symbolic subscripts in --wrt are read at each binding.
        Run w = run("verify", "--form", "factored", "--wrt", "w_{p-1}", "samples/chapter-skip.nn");
        assertEquals(0, w.exit(), w.out() + w.err());
        assertTrue(w.out().contains("w_{19}") && w.out().contains("w_{26}"), w.out());
    }

    @Test
    void theTableForAResidualBlock() {
        Run r = run("verify", "--form", "paths", "samples/resblock.nn");
        assertEquals(0, r.exit());
        String[] lines = r.out().split("\n");
        assertEquals("verify ResBlock: width 4, seed 1, tolerance 1e-6", lines[0]);
        assertEquals("  a_* = tanh (unspecified: smooth default)", lines[1]);
        assertEquals("  L(v) = 1/2 |v|^2 (loss)", lines[2]);
        assertEquals("paths form", lines[4]);
        assertEquals("  target  paths  max rel error", lines[5]);
        // w_0 reaches the loss through the skip and through the block: two paths.
        assertTrue(lines[10].matches("  w_0         2  \\d\\.\\de-\\d\\d"), lines[10]);
        assertTrue(lines[12].startsWith("ok: 5 rows within 1e-6"), lines[12]);
    }

    @Test
    void outputIsDeterministic() {
        Run a = run("verify", "samples/overlapping-skips.nn", "--seed", "7", "--dim", "3");
        Run b = run("verify", "samples/overlapping-skips.nn", "--seed", "7", "--dim", "3");
        assertEquals(0, a.exit());
        assertEquals(a.out(), b.out());
        assertTrue(a.out().startsWith("verify OverlappingSkips: width 3, seed 7,"), a.out());
    }

    @Test
    void aToleranceNoFiniteDifferenceCanMeetExitsOne() {
        Run r = run("verify", "samples/resblock.nn", "--tol", "1e-300");
        assertEquals(1, r.exit(), r.out());
        // The derivation is right, but no finite difference resolves 1e-300: undecided, never "FAILED" (issue 13).
        assertTrue(r.out().contains("  UNDECIDED (the finite differences are reliable only to "), r.out());
        assertFalse(r.out().contains("FAILED"), r.out());
        assertTrue(r.out().contains("\nUNDECIDED: "), r.out());
    }

    @Test
    void badOptionsExitTwo() {
        for (String[] args : List.of(new String[] {"verify", "samples/resblock.nn", "--form", "sideways"},
                new String[] {"verify", "samples/resblock.nn", "--dim", "0"},
                new String[] {"verify", "samples/resblock.nn", "--tol", "-1"},
                new String[] {"verify", "samples/resblock.nn", "--seed", "x"})) {
            Run r = run(args);
            assertEquals(2, r.exit(), String.join(" ", args));
            assertEquals("", r.out());
            assertTrue(r.err().startsWith("gradpath: error: "), r.err());
        }
    }

    @Test
    void aNetworkThatCannotBeGivenShapesIsBadInputWithACaret(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.nn");
        Files.writeString(f, "network Bad {\n  input x;\n  h_1 = a(w_1 x);\n  h_2 = h_1 h_1;\n  y = a(w_2 h_2);\n"
                + "  loss L(y);\n}\n");
        Run r = run("verify", f.toString());
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith(f + ":4:9: error: verify gives a matrix only to a parameter or input"), r.err());
        assertTrue(r.err().contains("\n  h_2 = h_1 h_1;\n        ^"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void aMissingFileIsBadInput() {
        Run r = run("verify", "no/such/file.nn");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no/such/file.nn"), r.err());
    }

    @Test
    void namedFunctionsLossesInnerTargetsAndStandardInput() {
        String net = "network Named {\n  input x;\n  param b;\n  h_1 = relu(w_1 x + b);\n  h_2 = sigmoid(w_2 h_1);\n"
                + "  s = h_1 + softplus(v h_2);\n  y = identity(w_3 s);\n  loss logsumexp(y);\n}\n";
        Run r = run(new ByteArrayInputStream(net.getBytes(StandardCharsets.UTF_8)),
                "verify", "-", "--wrt", "h_1,softplus,b", "--form", "adjoint", "--dim", "5");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("  relu = relu (kink at 0: finite-difference step 1e-4)\n  sigmoid = sigmoid\n  softplus = softplus\n"), r.out());
        assertTrue(r.out().contains("  logsumexp(v) = log sum_i exp v_i (loss)\n"), r.out());
        assertTrue(r.out().contains("\n  h_1  "), r.out());
        assertTrue(r.out().contains("\n  softplus  "), r.out());
        assertTrue(r.out().contains("\n  b  "), r.out());
    }

    @Test
    void randomWidthsVerifyTheSamples() throws Exception {
        for (Path p : samples()) {
            for (String seed : List.of("1", "2", "3")) {
                Run r = run("verify", p.toString(), "--random-widths", "--dim", "6", "--seed", seed);
                assertEquals(0, r.exit(), p + " seed " + seed + "\n" + r.out());
                assertTrue(r.out().contains("width 1..6 (random)"), r.out());
            }
        }
    }

    @Test
    void thePathsFormIsSkippedWithANoteWhenTooLongUnderAll() {
        Run all = run("verify", "samples/residual-stack.nn", "--max-terms", "2");
        assertEquals(0, all.exit(), all.out());
        assertTrue(all.out().contains("paths form\n  skipped: the paths form of the gradient for `W_0` has 4 terms"),
                all.out());
        Run only = run("verify", "samples/residual-stack.nn", "--max-terms", "2", "--form", "paths");
        assertEquals(2, only.exit());
        assertTrue(only.err().contains("use --form factored or --form adjoint"), only.err());
    }

    @Test
    void theRootCommandListsVerify() {
        Run r = run("--help");
        assertTrue(r.out().contains("verify"), r.out());
    }
}
