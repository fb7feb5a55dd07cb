package io.github.gradpath.batch;

import io.github.gradpath.cli.CommandFactory;
import io.github.gradpath.derive.Form;
import io.github.gradpath.render.Format;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DocsGeneratorTest {
    static final String RES = """
            network ResBlock {
              input x;
              h_1 = a_0(w_0 x);
              h_2 = a_1(w_1 h_1);
              s_2 = h_1 + h_2;
              y   = a_2(w_2 s_2);
              loss L(y);
            }
            """;
    static final String CHAIN = """
            network Chain {
              input x;
              h_1 = a_0(w_0 x);
              y   = a_1(w_1 h_1);
              loss L(y);
            }
            """;
    static final String SYMBOLIC = """
            network Stack {
              index L : L >= 3;
              input x_0;
              x_{l+1} = x_l + F_l(W_l x_l) for l in 0..L-1;
              loss E(x_L);
            }
            """;
    // Line 3, column 9: a name is expected after `=`.
    static final String BAD = """
            network Bad {
              input x;
              h_1 = ;
              loss L(h_1);
            }
            """;

    static DocsGenerator.Settings settings(Format format) {
        return new DocsGenerator.Settings(Form.FACTORED, format, "en", null, null, 10_000, false);
    }

    static Path write(Path dir, String rel, String text) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    /** What the CLI prints for the same network and options: the plugin must write exactly that. */
    static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = CommandFactory.create(new PrintWriter(out), new PrintWriter(err),
                new ByteArrayInputStream(new byte[0])).execute(args);
        assertEquals(0, rc, err.toString());
        return out.toString();
    }

    @Test
    void writesOneDocumentPerNetworkMirroringTheLayoutAsTheCliWould(@TempDir Path tmp) throws IOException {
        Path src = tmp.resolve("src");
        Path res = write(src, "res.nn", RES);
        Path chain = write(src, "deep/chain.nn", CHAIN);
        Path out = tmp.resolve("out");
        DocsGenerator.Outcome o = new DocsGenerator(settings(Format.RST))
                .run(src, List.of(Path.of("deep/chain.nn"), Path.of("res.nn")), out);
        assertEquals(0, o.failed(), o.errors());
        assertEquals(List.of(out.resolve("deep/chain.rst").toAbsolutePath(), out.resolve("res.rst").toAbsolutePath()),
                o.written());
        assertEquals(cli("derive", res.toString()), Files.readString(out.resolve("res.rst")));
        assertEquals(cli("derive", chain.toString()), Files.readString(out.resolve("deep/chain.rst")));
    }

    @Test
    void otherFormatsAndOptionsMatchTheCli(@TempDir Path tmp) throws IOException {
        Path src = tmp.resolve("src");
        Path res = write(src, "res.nn", RES);
        Path out = tmp.resolve("out");
        DocsGenerator.Settings s = new DocsGenerator.Settings(Form.ADJOINT, Format.MYST, "zh", null,
                "eq-{file}-{network}", 10_000, false);
        DocsGenerator.Outcome o = new DocsGenerator(s).run(src, List.of(Path.of("res.nn")), out);
        assertEquals(0, o.failed(), o.errors());
        assertEquals(cli("derive", "--form", "adjoint", "--format", "myst", "--lang", "zh",
                "--label", "eq-res-ResBlock", res.toString()), Files.readString(out.resolve("res.md")));
    }

    @Test
    void forwardBlocksAndSymbolicNetworksAsTheCliWrites(@TempDir Path tmp) throws IOException {
        Path src = tmp.resolve("src");
        Path res = write(src, "res.nn", RES);
        Path sym = write(src, "sym.nn", SYMBOLIC);
        Path out = tmp.resolve("out");
        DocsGenerator.Settings fwd = new DocsGenerator.Settings(Form.FACTORED, Format.RST, "en", null, null, 10_000,
                true);
        DocsGenerator.Outcome o = new DocsGenerator(fwd).run(src, List.of(Path.of("res.nn"), Path.of("sym.nn")), out);
        assertEquals(0, o.failed(), o.errors());
        assertEquals(cli("derive", "--forward", res.toString()), Files.readString(out.resolve("res.rst")));
        assertEquals(cli("derive", "--forward", sym.toString()), Files.readString(out.resolve("sym.rst")));
        assertTrue(Files.readString(out.resolve("res.rst")).contains(":label: forward-ResBlock"));

        Path grads = tmp.resolve("grads");
        o = new DocsGenerator(settings(Format.RST)).run(src, List.of(Path.of("sym.nn")), grads);
        assertEquals(0, o.failed(), o.errors());
        assertEquals(cli("derive", sym.toString()), Files.readString(grads.resolve("sym.rst")));
    }

    @Test
    void unchangedInputWritesNothingAndChangedInputRewrites(@TempDir Path tmp) throws IOException {
        Path src = tmp.resolve("src");
        write(src, "res.nn", RES);
        Path out = tmp.resolve("out");
        DocsGenerator g = new DocsGenerator(settings(Format.RST));
        g.run(src, List.of(Path.of("res.nn")), out);
        Path doc = out.resolve("res.rst");
        byte[] first = Files.readAllBytes(doc);
        FileTime old = FileTime.fromMillis(946_684_800_000L);
        Files.setLastModifiedTime(doc, old);

        DocsGenerator.Outcome again = g.run(src, List.of(Path.of("res.nn")), out);
        assertEquals(List.of(), again.written());
        assertEquals(List.of(doc.toAbsolutePath()), again.unchanged());
        assertEquals(old, Files.getLastModifiedTime(doc), "an up-to-date document must not be rewritten");
        assertTrue(java.util.Arrays.equals(first, Files.readAllBytes(doc)));

        write(src, "res.nn", RES.replace("h_1 + h_2", "h_2 + h_1"));
        Files.writeString(doc, "stale\n");
        DocsGenerator.Outcome changed = g.run(src, List.of(Path.of("res.nn")), out);
        assertEquals(List.of(doc.toAbsolutePath()), changed.written());
        assertFalse(Files.readString(doc).contains("stale"));
    }

    @Test
    void badNetworkIsReportedWithItsPositionAndOthersAreStillWritten(@TempDir Path tmp) throws IOException {
        Path src = tmp.resolve("src");
        Path bad = write(src, "bad.nn", BAD);
        write(src, "res.nn", RES);
        Path out = tmp.resolve("out");
        DocsGenerator.Outcome o = new DocsGenerator(settings(Format.RST))
                .run(src, List.of(Path.of("bad.nn"), Path.of("res.nn")), out);
        assertEquals(1, o.failed());
        assertTrue(o.errors().startsWith(bad.toAbsolutePath() + ":3:9: error: "), o.errors());
        assertTrue(o.errors().contains("  h_1 = ;\n        ^\n"), o.errors());
        assertFalse(Files.exists(out.resolve("bad.rst")));
        assertTrue(Files.exists(out.resolve("res.rst")));
    }

    @Test
    void documentsNeverLeaveTheOutputDirectory(@TempDir Path tmp) {
        Path out = tmp.resolve("out").toAbsolutePath();
        assertNull(DocsGenerator.outputFor(out, Path.of("../evil.nn"), Format.RST));
        assertNull(DocsGenerator.outputFor(out, Path.of("a/../../evil.nn"), Format.RST));
        assertNull(DocsGenerator.outputFor(out, tmp.resolve("abs.nn").toAbsolutePath(), Format.RST));
        assertEquals(out.resolve("a/x.tex"), DocsGenerator.outputFor(out, Path.of("a/./x.nn"), Format.LATEX));
    }

    @Test
    void twoInputsForOneDocumentIsAnError(@TempDir Path tmp) throws IOException {
        Path src = tmp.resolve("src");
        write(src, "res.nn", RES);
        write(src, "res.net", CHAIN);
        DocsGenerator.Outcome o = new DocsGenerator(settings(Format.RST))
                .run(src, List.of(Path.of("res.net"), Path.of("res.nn")), tmp.resolve("out"));
        assertEquals(1, o.failed());
        assertTrue(o.errors().contains("res.nn: error: its document"), o.errors());
    }

    @Test
    void documentsOfNetworksThatAreGoneAreRemoved(@TempDir Path tmp) throws IOException {
        Path src = tmp.resolve("src"), out = tmp.resolve("out"), manifest = tmp.resolve("state/default.generated");
        write(src, "res.nn", RES);
        write(src, "deep/chain.nn", CHAIN);
        DocsGenerator g = new DocsGenerator(settings(Format.RST));
        DocsGenerator.Outcome first = g.run(src, List.of(Path.of("deep/chain.nn"), Path.of("res.nn")), out, manifest);
        assertEquals(2, first.written().size());
        assertEquals(List.of(), first.removed());
        assertEquals("deep/chain.rst\nres.rst\n", Files.readString(manifest).replaceFirst("^#[^\n]*\n", ""));
        Path stray = write(out, "notes.rst", "Hand-written, not gradpath's.\n");

        // deep/chain.nn deleted: its document goes, and so does the directory it leaves empty.
        Files.delete(src.resolve("deep/chain.nn"));
        DocsGenerator.Outcome second = g.run(src, List.of(Path.of("res.nn")), out, manifest);
        assertEquals(List.of(out.resolve("deep/chain.rst").toAbsolutePath()), second.removed());
        assertFalse(Files.exists(out.resolve("deep")));
        assertTrue(Files.isRegularFile(out.resolve("res.rst")));
        assertTrue(Files.isRegularFile(stray), "never listed, never removed");
        assertEquals("res.rst\n", Files.readString(manifest).replaceFirst("^#[^\n]*\n", ""));

        // No network at all: the last document goes too.
        DocsGenerator.Outcome third = g.run(src, List.of(), out, manifest);
        assertEquals(List.of(out.resolve("res.rst").toAbsolutePath()), third.removed());
        assertTrue(Files.isRegularFile(stray));
    }

    @Test
    void aListedDocumentEditedByHandIsKeptWithAWarning(@TempDir Path tmp) throws IOException {
        Path src = tmp.resolve("src"), out = tmp.resolve("out"), manifest = tmp.resolve("m");
        write(src, "res.nn", RES);
        write(src, "chain.nn", CHAIN);
        DocsGenerator g = new DocsGenerator(settings(Format.RST));
        g.run(src, List.of(Path.of("chain.nn"), Path.of("res.nn")), out, manifest);
        Files.writeString(out.resolve("chain.rst"), "Rewritten by hand.\n");
        DocsGenerator.Outcome o = g.run(src, List.of(Path.of("res.nn")), out, manifest);
        assertEquals(List.of(), o.removed());
        assertTrue(Files.isRegularFile(out.resolve("chain.rst")));
        assertTrue(o.warnings().contains(out.resolve("chain.rst").toAbsolutePath()
                + ": warning: no network produces this document any more"), o.warnings());
    }

    @Test
    void nestedOutputDirectoriesOfTwoExecutionsLeaveEachOtherAlone(@TempDir Path tmp) throws IOException {
        Path src = tmp.resolve("src"), out = tmp.resolve("out");
        write(src, "res.nn", RES);
        write(src, "chain.nn", CHAIN);
        DocsGenerator g = new DocsGenerator(settings(Format.RST));
        // As samples/docs does: a second execution writes into a subdirectory of the first one's.
        g.run(src, List.of(Path.of("res.nn")), out, tmp.resolve("a"));
        g.run(src, List.of(Path.of("chain.nn")), out.resolve("paths"), tmp.resolve("b"));
        DocsGenerator.Outcome again = g.run(src, List.of(Path.of("res.nn")), out, tmp.resolve("a"));
        assertEquals(List.of(), again.removed());
        assertTrue(Files.isRegularFile(out.resolve("paths/chain.rst")));
        // Without a manifest nothing is ever removed.
        Files.delete(src.resolve("res.nn"));
        assertEquals(List.of(), g.run(src, List.of(), out).removed());
        assertTrue(Files.isRegularFile(out.resolve("res.rst")));
    }

    @Test
    void aFailingNetworkKeepsItsDocument(@TempDir Path tmp) throws IOException {
        Path src = tmp.resolve("src"), out = tmp.resolve("out"), manifest = tmp.resolve("m");
        write(src, "res.nn", RES);
        DocsGenerator g = new DocsGenerator(settings(Format.RST));
        g.run(src, List.of(Path.of("res.nn")), out, manifest);
        write(src, "res.nn", BAD);
        DocsGenerator.Outcome o = g.run(src, List.of(Path.of("res.nn")), out, manifest);
        assertEquals(1, o.failed(), "the build fails, so nothing is published; the old document is not deleted");
        assertEquals(List.of(), o.removed());
    }
}
