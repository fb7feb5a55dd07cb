package io.github.gradpath.dsl;

import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Source;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Prebinder}: a big file bound while it is parsed gives what binding after the parse gives (the network,
 * record for record, and the diagnostics, in order), and the binding gives up, leaving it to the parse's caller,
 * exactly when it could not know that. The oracle is {@link Instantiator#instantiate} on the same spec, the way
 * every small file is bound. A file is made big with a comment (the binding starts at {@link
 * NetworkParser#LEXER_THREAD_MIN} characters) or by being a long chain.
 */
class PrebinderTest {
    private static final String PAD = "\n# " + "padding ".repeat(NetworkParser.LEXER_THREAD_MIN / 8 + 1) + "\n";

    /** Both ways; returns whether the binding ran beside the parse. */
    private static boolean same(String name, String text) {
        Source src = new Source(name, text);
        Diagnostics alongDiags = new Diagnostics();
        Optional<Parsed> parsed = NetworkParser.read(src, alongDiags);
        Diagnostics afterDiags = new Diagnostics();
        Optional<NetworkSpec> spec = NetworkParser.parse(src, afterDiags);
        assertEquals(spec.isPresent(), parsed.isPresent(), name);
        if (spec.isEmpty()) {
            assertEquals(afterDiags.format(), alongDiags.format(), name);
            return false;
        }
        NetworkSpec s = spec.get();
        if (parsed.get().boundAlong()) {
            // The rules went to the binding only; the rest of the spec is kept.
            assertEquals(new NetworkSpec(s.source(), s.name(), s.pos(), s.indices(), s.inputs(), s.params(), List.of(),
                    s.loss(), s.show(), s.leafLoops(), s.scalars()), parsed.get().header(), name);
            assertThrows(IllegalStateException.class, () -> parsed.get().spec());
        } else {
            assertEquals(s, parsed.get().spec(), name); // a binding that gave up had the file read again, whole
        }
        Optional<Network> along = parsed.get().bind(alongDiags);
        Optional<Network> after = Instantiator.instantiate(spec.get(), Map.of(), afterDiags);
        assertEquals(after, along, name);
        assertEquals(afterDiags.format(), alongDiags.format(), name);
        return parsed.get().boundAlong();
    }

    @Test
    void everyConcreteSampleIsBoundAlongAndTheSame() throws IOException {
        List<Path> samples;
        try (Stream<Path> s = Files.list(Path.of("samples"))) {
            samples = s.filter(p -> p.toString().endsWith(".nn")).sorted().toList();
        }
        int along = 0;
        for (Path p : samples) {
            String text = Files.readString(p);
            boolean symbolic = text.contains("index ");
            boolean b = same(p.toString(), text + PAD);
            assertEquals(!symbolic, b, p + ": bound along exactly when it has no index");
            if (b) along++;
            assertFalse(same(p.toString(), text), p + ": a small file is bound after");
        }
        assertTrue(along >= 10, "concrete samples bound along: " + along);
    }

    private static String net(String body) {
        return "network N {\n" + body + "}\n" + PAD;
    }

    @Test
    void givesUpWhenADeclarationComesAfterARule() {
        // Each of these changes what a rule before it means, or is an error only binding it first would find.
        assertFalse(same("input", net("  input x;\n  h = a(w x);\n  input z;\n  y = a(v h);\n  loss L(y);\n")));
        assertFalse(same("defined input", net("  input x;\n  h = a(w x);\n  input h;\n  loss L(h);\n")));
        assertFalse(same("param", net("  input x;\n  h = a(w x);\n  param w;\n  loss L(h);\n")));
        assertFalse(same("scalar", net("  input x;\n  h = lambda x + a(w x);\n  scalar lambda;\n  loss L(h);\n")));
        assertFalse(same("index", net("  input x;\n  h = a(w x);\n  index N;\n  loss L(h);\n")));
        assertFalse(same("leaf loop", net("  input x;\n  h = a(w x);\n  input u_t for t in 1..2;\n  loss L(h);\n")));
        // Declarations before the first rule, and the loss and show after the rules, are read in time.
        assertTrue(same("before", net("  input x;\n  param w;\n  scalar c;\n  h = c x + a(w x);\n  show w;\n  loss L(h);\n")));
    }

    @Test
    void givesUpWhenARuleDefinesACoefficientsName() {
        // `lambda` is a scalar coefficient unless a node is named so, and a later rule may name one.
        assertFalse(same("greek", net("  input x;\n  h = lambda x + a(w x);\n  lambda = a(v x);\n  loss L(h);\n")));
        assertFalse(same("declared", net("  input x;\n  scalar c;\n  h = c x + a(w x);\n  c = a(v x);\n  loss L(h);\n")));
        // With a subscript it is a node's name either way.
        assertTrue(same("subscripted", net("  input x;\n  h = a(w x);\n  lambda_1 = a(v h);\n  loss L(lambda_1);\n")));
    }

    @Test
    void bindingErrorsAreTheSameAndInTheSameOrder() {
        assertTrue(same("undefined", net("  input x;\n  h_1 = a(w_0 x);\n  h_2 = a(w_1 h_9);\n  y = a(w_2 g);\n  loss L(y);\n")));
        assertTrue(same("twice", net("  input x;\n  h = a(w x);\n  h = a(v x);\n  loss L(h);\n")));
        assertTrue(same("defines input", net("  input x;\n  x = a(w x);\n  loss L(x);\n")));
        assertTrue(same("range", net("  input x;\n  h_1 = a(w_0 x);\n  h_{n+1} = a(w_n h_n) for n in 1..0;\n  loss L(h_1);\n")));
        assertTrue(same("no loss", net("  input x;\n  h = a(w x);\n")));
        assertTrue(same("loss undefined", net("  input x;\n  h = a(w x);\n  loss L(q);\n")));
        assertTrue(same("swapped", net("  input x;\n  h_1 = a(w_0 x);\n  y = a(h_1 w_2);\n  loss L(y);\n")));
        assertTrue(same("index", net("  input x;\n  h_1 = a(w_0 x);\n  h_2 = a(w_1 h_k);\n  loss L(h_2);\n")));
    }

    @Test
    void aLongChainWithAnErrorInTheMiddle() {
        StringBuilder sb = new StringBuilder("network Chain {\n  input x;\n  h_1 = a(w_0 x);\n");
        for (int n = 1; n < 15_000; n++) {
            sb.append("  h_").append(n + 1).append(" = a(w_").append(n).append(" h_").append(n == 7_000 ? n + 5 : n).append(");\n");
        }
        sb.append("  y = a(w_y h_15000);\n  loss L(y);\n}\n");
        assertTrue(sb.length() > NetworkParser.LEXER_THREAD_MIN);
        assertTrue(same("chain", sb.toString())); // h_7001 uses h_7005: defined later, so no error
        String bad = sb.toString().replace("h_7002 = a(w_7001 h_7001)", "h_7002 = a(w_7001 g_7001)");
        assertTrue(same("chain", bad));
        Diagnostics d = new Diagnostics();
        assertTrue(NetworkParser.read(new Source("chain", bad), d).orElseThrow().bind(d).isEmpty());
        assertTrue(d.format().contains("`g_{7001}` is used but never defined"), d.format());
    }

    @Test
    void aSyntaxErrorAfterTheRulesStopsTheBinding() {
        // The fast parse gives up at the error; the careful one reports it; nothing is bound.
        assertFalse(same("syntax", net("  input x;\n  h = a(w x);\n  y = a(v h)\n  loss L(y);\n")));
        // A second loss is an error of the parse: the binding is dropped.
        assertFalse(same("two losses", net("  input x;\n  h = a(w x);\n  loss L(h);\n  loss M(h);\n")));
    }
}
