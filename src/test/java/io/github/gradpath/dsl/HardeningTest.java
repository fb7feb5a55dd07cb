package io.github.gradpath.dsl;

import io.github.gradpath.Pipeline;
import io.github.gradpath.TestNetworks;
import io.github.gradpath.diag.Diagnostic;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.InputException;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.diag.Source;
import io.github.gradpath.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13, network language: deep nesting, exact index arithmetic, ranges near the 64-bit end, and the messages
 * for common mistakes. Each input here used to give a stack trace, a wrong network or a misleading message.
 */
class HardeningTest {

    private static Diagnostic only(Diagnostics d) {
        List<Diagnostic> errors = d.errors();
        assertEquals(1, errors.size(), d.format());
        return errors.get(0);
    }

    private static Diagnostic error(String text) {
        return only(TestNetworks.errors(text));
    }

    /** Runs on a thread with a small stack: a bound that holds only on a big stack is no bound. */
    private static void onSmallStack(Runnable r) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                r.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small-stack", 512 * 1024);
        t.start();
        t.join();
        assertNull(failure.get(), () -> String.valueOf(failure.get()));
    }

    static String nestedApplications(int depth) {
        StringBuilder s = new StringBuilder("network D {\n  input x;\n  y = ");
        for (int i = depth - 1; i >= 0; i--) s.append("a_").append(i).append("(w_").append(i).append(' ');
        return s.append('x').append(")".repeat(depth)).append(";\n  loss L(y);\n}\n").toString();
    }

    @Test
    void deepNestingIsRefusedWithTheLimitInTheMessage() throws InterruptedException {
        String parens = "network D {\n  input x;\n  y = a(w " + "(".repeat(5000) + "x" + ")".repeat(5000)
                + ");\n  loss L(y);\n}\n";
        String index = "network D {\n  input x;\n  h_{" + "(".repeat(5000) + "1" + ")".repeat(5000)
                + "} = a(w x);\n  loss L(h_1);\n}\n";
        onSmallStack(() -> {
            for (String text : List.of(nestedApplications(5000), nestedApplications(100_000), parens, index)) {
                Diagnostic e = error(text);
                assertTrue(e.message().contains("nested more than 256 deep"), e.format());
                assertEquals(3, e.pos().line(), e.format());
            }
            // The first bracket past the limit: the network's `{` is level 1, `a(` level 2, and the run of `(`
            // starts at column 11 with level 3, so level 257 is at column 11 + 254.
            Diagnostic e = error(parens);
            assertEquals(new Pos(3, 11 + 254), e.pos(), e.format());
        });
    }

    @Test
    void nestingWithinTheLimitStillParses() throws InterruptedException {
        onSmallStack(() -> {
            ComputationGraph g = TestNetworks.graph(nestedApplications(200));
            assertEquals(200, g.parameters().size());
        });
    }

    @Test
    void deepWrtIsRefused() throws InterruptedException {
        ComputationGraph g = TestNetworks.graph(TestNetworks.RESBLOCK);
        onSmallStack(() -> {
            Diagnostics d = new Diagnostics();
            String wrt = "w_{" + "(".repeat(5000) + "1" + ")".repeat(5000) + "}";
            try {
                Pipeline.targets(g, List.of(wrt), d);
                throw new AssertionError("accepted");
            } catch (InputException expected) {
                Diagnostic e = only(d);
                assertEquals("--wrt", e.source().name());
                assertTrue(e.message().contains("256"), e.format());
            }
        });
    }

    @Test
    void indexArithmeticIsExact() {
        Diagnostic e = error("network O {\n  input x;\n  h_{9223372036854775807+1} = a(w x);\n  loss L(h_1);\n}\n");
        assertEquals(new Pos(3, 6), e.pos(), e.format());
        assertTrue(e.message().contains("leaves the 64-bit range"), e.format());
        e = error("network O {\n  input x;\n  h_{4611686018427387904*n} = a(w x) for n in 2..2;\n  loss L(h_1);\n}\n");
        assertTrue(e.message().contains("leaves the 64-bit range"), e.format());
        e = error("network O {\n  input x;\n  h_{9223372036854775808} = a(w x);\n  loss L(h_1);\n}\n");
        assertTrue(e.message().contains("number too large"), e.format());
        // The largest value itself is fine.
        ComputationGraph g = TestNetworks.graph(
                "network O {\n  input x;\n  h_{9223372036854775806+1} = a(w x);\n  loss L(h_{9223372036854775807});\n}\n");
        assertEquals(1, g.parameters().size());
    }

    @Test
    void loopsEndAtTheLastLong() {
        // Used to count past Long.MAX_VALUE, wrapping round, until memory ran out.
        ComputationGraph g = TestNetworks.graph("network R {\n  input x;\n"
                + "  h_n = a(w_n x) for n in 9223372036854775806..9223372036854775807;\n"
                + "  s = h_{9223372036854775806} + h_{9223372036854775807};\n  loss L(s);\n}\n");
        assertEquals(2, g.parameters().size());
        Diagnostic e = error("network R {\n  input x;\n"
                + "  h_{n+1} = a(w x) for n in 9223372036854775806..9223372036854775807;\n  loss L(x);\n}\n");
        assertTrue(e.message().contains("n = 9223372036854775807: index arithmetic leaves the 64-bit range"),
                e.format());
    }

    @Test
    void aRangeWiderThanALongIsRefusedAtOnce() {
        Diagnostic e = error("network R {\n  input x;\n"
                + "  h_n = a(w x) for n in 0-9223372036854775807..9223372036854775807;\n  loss L(h_0);\n}\n");
        assertTrue(e.message().contains("has more than 1000000 values"), e.format());
    }

    @Test
    void misspelledKeyword() {
        Diagnostic e = error("network A {\n  imput x;\n  h_1 = a(w x);\n  loss L(h_1);\n}\n");
        assertEquals(new Pos(2, 3), e.pos());
        assertEquals("unknown statement `imput`; did you mean `input`?", e.message());
    }

    @Test
    void swappedOperandsSaySo() {
        Diagnostic e = error("network A {\n  input x;\n  h_1 = a(w_1 x);\n  h_2 = a(h_1 w_2);\n  loss L(h_2);\n}\n");
        assertEquals(new Pos(4, 15), e.pos());
        assertEquals("`w_2` is used but never defined; if it is a weight, write it first, as in `w_2 h_1`",
                e.message());
    }

    @Test
    void unterminatedComment() {
        Diagnostic e = error("network A {\n  input x;\n  /* note\n  h_1 = a(w x);\n  loss L(h_1);\n}\n");
        assertEquals(new Pos(3, 3), e.pos());
        assertTrue(e.message().startsWith("unterminated comment"), e.format());
    }

    @Test
    void aSpaceBeforeAnArgumentIsRefused() {
        // `w (x + u)` would silently be the function w applied to the sum: gradpath refuses to guess.
        Diagnostic e = error("network A {\n  input x, u;\n  h_1 = a(w (x + u));\n  loss L(h_1);\n}\n");
        assertEquals(new Pos(3, 13), e.pos());
        assertTrue(e.message().startsWith("a space before `(`"), e.format());
        assertFalse(TestNetworks.graph("network A {\n  input x, u;\n  s = x + u;\n  h_1 = a(w s);\n  loss L(h_1);\n}\n")
                .parameters().isEmpty());
    }

    @Test
    void oneMistakeInAnIndexedRulePrintsACountedFew() {
        Diagnostics d = TestNetworks.errors("network A {\n  input x;\n  h_n = a(w_n x) for n in 1..1000;\n"
                + "  h_n = a(u_n x) for n in 1..1000;\n  loss L(h_1);\n}\n");
        assertEquals(1000, d.errors().size());
        String text = d.format();
        assertEquals(Diagnostics.SHOWN, text.split(": error: ", -1).length - 1, text);
        assertTrue(text.endsWith("gradpath: and 980 more (980 errors) not shown\n"), text);
    }
}
