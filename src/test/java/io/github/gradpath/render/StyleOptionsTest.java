package io.github.gradpath.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.github.gradpath.render.ChapterStyleTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The single style options and the style file's errors. */
class StyleOptionsTest {
    private static String w0(String... extra) {
        String[] args = new String[4 + extra.length];
        args[0] = "derive";
        args[1] = "samples/resblock.nn";
        args[2] = "--wrt";
        args[3] = "w_0";
        System.arraycopy(extra, 0, args, 4, extra.length);
        ChapterStyleTest.Run r = cli(args);
        assertEquals(0, r.exit(), r.err());
        return r.out();
    }

    @Test
    void bold() {
        assertTrue(w0().contains("{\\bm h}_1"));
        assertTrue(w0("--bold", "boldsymbol").contains("{\\boldsymbol h}_1"));
        assertTrue(w0("--bold", "mathbf").contains("{\\mathbf h}_1"));
        String none = w0("--bold", "none");
        assertTrue(none.contains("\\partial h_1}"), none);
        assertFalse(none.contains("\\bm"));
    }

    @Test
    void product() {
        assertTrue(w0().contains("}\\times \\frac"));
        assertTrue(w0("--product", "cdot").contains("}\\cdot \\frac"));
        String j = w0("--product", "juxtapose");
        assertTrue(j.contains("} \\frac"), j);
        assertFalse(j.contains("\\times") || j.contains("\\cdot "));
    }

    @Test
    void identityOrderOfTheMergeFactor() {
        // resblock: s_3 = h_1 + h_3, so the network's order puts the identity first.
        String src = "1 + \\frac{\\partial {\\bm h}_3}{\\partial {\\bm h}_1}";
        String last = "\\frac{\\partial {\\bm h}_3}{\\partial {\\bm h}_1} + 1";
        assertTrue(w0().contains(src));
        assertTrue(w0("--identity", "first").contains(src));
        assertTrue(w0("--identity", "last").contains(last));
        assertFalse(w0("--identity", "last").contains(src));
        // The chapter style puts it last; a single option overrides the style.
        assertTrue(w0("--style", "chapter").contains(last));
        assertTrue(w0("--style", "chapter", "--identity", "source").contains(src));
    }

    @Test
    void functionNamesAsOperators(@TempDir Path dir) throws Exception {
        Path net = dir.resolve("f.nn");
        Files.writeString(net, """
                network F {
                  input x;
                  h_1 = tanh(w_0 x);
                  h_2 = sigma(w_1 h_1);
                  h_3 = relu(w_2 h_2);
                  y = softmax(w_3 h_3);
                  loss L(y);
                }
                """);
        ChapterStyleTest.Run r = cli("derive", net.toString(), "--forward");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\\operatorname{softmax}({\\bm w}_3{\\bm h}_3)"), r.out());
        assertTrue(r.out().contains("\\operatorname{relu}({\\bm w}_2"), r.out());
        assertTrue(r.out().contains("\\sigma({\\bm w}_1"), r.out());
        assertTrue(r.out().contains("\\tanh({\\bm w}_0{\\bm x})"), r.out());
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        ChapterStyleTest.Run r = cli("derive", "samples/resblock.nn", "--bold", "heavy");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("invalid value for --bold: 'heavy' (expected one of bm, boldsymbol, mathbf, none)"), r.err());
        r = cli("derive", "samples/resblock.nn", "--style", "no-such-style");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("style `no-such-style` is neither a built-in style (default, chapter) nor a file"), r.err());
    }

    @Test
    void styleFileErrorsNameTheirLine(@TempDir Path dir) throws Exception {
        Path style = dir.resolve("book.style");
        Files.writeString(style, "# a book\nbold = boldsymbol\nproduct = star\ncolour = red\n");
        ChapterStyleTest.Run r = cli("derive", "samples/resblock.nn", "--style", style.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains(style + ":3:11: error: invalid value for product: 'star'"), r.err());
        assertTrue(r.err().contains(style + ":4:1: error: unknown style key `colour`"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aStyleFileABookShares(@TempDir Path dir) throws Exception {
        Path style = dir.resolve("book.style");
        Files.writeString(style, "bold = mathbf\nproduct = cdot\nidentity = last\n");
        String out = w0("--style", style.toString());
        assertTrue(out.contains("\\frac{\\partial {\\mathbf h}_3}{\\partial {\\mathbf h}_1} + 1"), out);
        assertTrue(out.contains("}\\cdot \\frac"), out);
    }

    @Test
    void aKeptFactorWithNoDotsToStandInIsAnError(@TempDir Path dir) throws Exception {
        Path style = dir.resolve("bad.style");
        Files.writeString(style, "keep.Classical.w_N = h_{q+1}/h_q\n");
        ChapterStyleTest.Run r = cli("derive", "samples/chapter-plain.nn", "--style", style.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("style keeps h_{q+1}/h_q in row w_N of Classical, but that row has no \\cdots"), r.err());
    }

    @Test
    void thePluginsGeneratorRefusesAWrongKeptFactorToo(@TempDir Path dir) throws Exception {
        Path style = dir.resolve("bad.style");
        Files.writeString(style, "keep.Classical.w_p = h_p/h_{p-1}\n");
        io.github.gradpath.batch.DocsGenerator.Settings s = new io.github.gradpath.batch.DocsGenerator.Settings(
                io.github.gradpath.derive.Form.FACTORED, Format.RST, "en", null, null, 10_000, false,
                Style.load(style.toString()));
        io.github.gradpath.batch.DocsGenerator.Outcome o = new io.github.gradpath.batch.DocsGenerator(s)
                .run(Path.of("samples"), java.util.List.of(Path.of("chapter-plain.nn")), dir.resolve("out"));
        assertEquals(1, o.failed(), o.errors());
        assertTrue(o.errors().contains("make a row wrong"), o.errors());
        assertFalse(Files.exists(dir.resolve("out/chapter-plain.rst")));
        // The chapter style itself passes the same guard.
        s = new io.github.gradpath.batch.DocsGenerator.Settings(io.github.gradpath.derive.Form.FACTORED, Format.RST,
                "en", null, null, 10_000, false, Style.load("chapter"));
        o = new io.github.gradpath.batch.DocsGenerator(s).run(Path.of("samples"),
                java.util.List.of(Path.of("chapter-plain.nn")), dir.resolve("ok"));
        assertEquals(0, o.failed(), o.errors());
    }
}
