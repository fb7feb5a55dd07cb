package io.github.gradpath.dsl;

import io.github.gradpath.TestNetworks;
import io.github.gradpath.diag.Diagnostic;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.diag.Source;
import io.github.gradpath.diag.SourceReader;
import io.github.gradpath.Pipeline;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each bad input gets one message at the right position. */
class BadInputTest {

    private static Diagnostic only(Diagnostics d) {
        List<Diagnostic> errors = d.errors();
        assertEquals(1, errors.size(), d.format());
        return errors.get(0);
    }

    private static void assertError(String text, int line, int col, String fragment) {
        Diagnostic e = only(TestNetworks.errors(text));
        assertEquals(new Pos(line, col), e.pos(), e.format());
        assertTrue(e.message().contains(fragment), e.format());
    }

    @Test
    void syntaxErrorPointsAtTheToken() {
        assertError("network N {\n  input x;\n  h_1 = a_0(w_0 x)\n  loss L(h_1);\n}\n", 4, 3,
                "unexpected 'loss': expected");
    }

    @Test
    void unknownCharacter() {
        assertError("network N {\n  input x;\n  h_1 = a_0(w_0 @ x);\n  loss L(h_1);\n}\n", 3, 17,
                "unexpected character '@'");
    }

    @Test
    void emptyFile() {
        assertError("  \n# only a comment\n", 1, 1, "empty file");
        // A comment alone is not blank text but holds no network either.
    }

    @Test
    void undefinedNameSuggestsTheClosest() {
        assertError("network N {\n  input x;\n  h_1 = a_0(w_0 x);\n  h_2 = a_1(w_1 h_l);\n  loss L(h_2);\n}\n",
                4, 17, "`h_l` is used but never defined; did you mean `h_1`?");
    }

    @Test
    void definedTwice() {
        assertError("network N {\n  input x;\n  h_1 = a_0(w_0 x);\n  h_1 = a_1(w_1 x);\n  loss L(h_1);\n}\n",
                4, 3, "`h_1` is defined twice (first at line 3)");
    }

    @Test
    void definedTwiceByALoop() {
        assertError("network N {\n  input x_0;\n  x_{l+1} = x_l + F_l(W_l x_l) for l in 0..2;\n  x_2 = x_0;\n"
                + "  loss E(x_3);\n}\n", 4, 3, "`x_2` is defined twice (first at line 3 for l = 1)");
    }

    @Test
    void cycleNamesItsNodes() {
        Diagnostic e = only(TestNetworks.errors(
                "network N {\n  input x;\n  h_1 = a_0(w_0 h_2);\n  h_2 = a_1(w_1 h_1);\n  loss L(h_2);\n}\n"));
        assertTrue(e.message().startsWith("cycle: "), e.format());
        assertTrue(e.message().contains("h_1") && e.message().contains("h_2"), e.format());
        assertEquals(3, e.pos().line());
    }

    @Test
    void noLoss() {
        assertError("network Net {\n  input x;\n  h_1 = a_0(w_0 x);\n}\n", 1, 9, "has no loss");
    }

    @Test
    void lossThatDependsOnNothing() {
        assertError("network N {\n  input x;\n  h_1 = a_0(w_0 x);\n  loss L(x);\n}\n", 4, 3,
                "depends on no parameter");
    }

    @Test
    void unusedParameterIsAWarningOnly() {
        var loaded = Pipeline.load(new Source("t.nn",
                "network N {\n  input x;\n  param b;\n  h_1 = a_0(w_0 x);\n  loss L(h_1);\n}\n"), new Diagnostics());
        Diagnostic w = loaded.diagnostics().all().get(0);
        assertEquals(Diagnostic.Severity.WARNING, w.severity());
        assertEquals(new Pos(3, 9), w.pos());
        assertTrue(w.message().contains("`b` never reaches the loss"), w.format());
    }

    @Test
    void undeclaredIndex() {
        assertError("network N {\n  input x;\n  h_{n+1} = a(w_n x) for n in 0..M;\n  loss L(h_1);\n}\n", 3, 34,
                "index `M` is used but not declared");
    }

    @Test
    void messageShowsLineAndCaret() {
        Diagnostic e = only(TestNetworks.errors("network N {\n  input x;\n  h_1 = a_0(w_0 x)\n  loss L(h_1);\n}\n"));
        assertEquals("test.nn:4:3: error: " + e.message() + "\n  loss L(h_1);\n  ^\n", e.format());
    }

    @Test
    void badUtf8IsPositioned() {
        byte[] bytes = "network N {\n  input x;\n  h_1 = a(w x); # caf\u00e9\n".getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length - 3] = (byte) 0xff; // break the two-byte é
        Diagnostics d = new Diagnostics();
        assertTrue(SourceReader.read("-", new ByteArrayInputStream(bytes), d).isEmpty());
        Diagnostic e = only(d);
        assertEquals(3, e.pos().line(), e.format());
        assertTrue(e.message().contains("not valid UTF-8 (byte 0xFF"), e.format());
    }

    @Test
    void missingAndDirectoryFiles(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Diagnostics d = new Diagnostics();
        assertTrue(SourceReader.read(dir.resolve("nope.nn").toString(), System.in, d).isEmpty());
        assertTrue(only(d).message().endsWith("no such file"));
        Diagnostics d2 = new Diagnostics();
        assertTrue(SourceReader.read(dir.toString(), System.in, d2).isEmpty());
        assertTrue(only(d2).message().contains("is a directory"));
        Files.writeString(dir.resolve("ok.nn"), "network N {}");
        assertTrue(SourceReader.read(dir.resolve("ok.nn").toString(), System.in, new Diagnostics()).isPresent());
    }
}
