package io.github.gradpath.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several inputs in one run: derive -d OUTDIR, check DOC DOC ... */
class ManyFilesTest {
    @TempDir
    Path dir;

    @Test
    void deriveWritesEachFileUnderOutdirAsDeriveToStandardOutputWould() throws Exception {
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("derive", "-d", out.toString(), "samples/resblock.nn", "samples/chapter-skip-6.nn",
                "samples/chapter-skip.nn");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        for (String name : new String[] {"resblock", "chapter-skip-6", "chapter-skip"}) {
            String alone = Cli.run("derive", "samples/" + name + ".nn").out();
            assertEquals(alone, Files.readString(out.resolve(name + ".rst")), name);
        }
        Cli.Result md = Cli.run("derive", "--format", "myst", "-d", out.toString(), "samples/resblock.nn");
        assertEquals(0, md.code(), md.err());
        assertEquals(Cli.run("derive", "--format", "myst", "samples/resblock.nn").out(),
                Files.readString(out.resolve("resblock.md")));
    }

    @Test
    void aBadFileIsReportedAndSkippedTheOthersAreWritten() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.nn"), "network B {\n  input x;\n  y = a(w x;\n}\n");
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("derive", "-d", out.toString(), bad.toString(), "samples/resblock.nn");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad.nn:3:"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(out.resolve("bad.rst")));
        assertTrue(Files.exists(out.resolve("resblock.rst")));
        try (var s = Files.list(out)) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
    }

    @Test
    void usageErrors() {
        Path out = dir.resolve("out");
        assertUsage(Cli.run("derive", "samples/resblock.nn", "samples/chapter-skip-6.nn"), "need -d");
        assertUsage(Cli.run("derive", "-d", out.toString(), "-o", "x.rst", "samples/resblock.nn"), "together");
        assertUsage(Cli.run("derive", "-d", out.toString(), "-"), "standard input");
        assertUsage(Cli.run("derive", "-d", out.toString(), "samples/resblock.nn", "./samples/resblock.nn"),
                "would both write");
        assertUsage(Cli.run("derive", "-d", out.toString(), "--label", "x", "samples/resblock.nn",
                "samples/chapter-skip-6.nn"), "--label");
        assertFalse(Files.exists(out), "a usage error writes nothing");
    }

    private static void assertUsage(Cli.Result r, String says) {
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(says), r.err());
    }

    @Test
    void checkSeveralDocumentsNamesEachSummaryAndExitsWithTheWorst() throws Exception {
        Path net = Path.of("samples/resblock.nn");
        String right = Cli.run("derive", net.toString()).out();
        Path good = Files.writeString(dir.resolve("good.rst"), right);
        // One factor of w_0's row changed: \partial h_1 / \partial w_0 becomes \partial h_2 / \partial w_0.
        String w0 = right.lines().filter(l -> l.contains("{\\partial {\\bm w}_0}") && l.contains("&="))
                .findFirst().orElseThrow();
        String broken = w0.replace("\\frac{\\partial {\\bm h}_1}{\\partial {\\bm w}_0}",
                "\\frac{\\partial {\\bm h}_2}{\\partial {\\bm w}_0}");
        assertFalse(broken.equals(w0), "the row was changed");
        Path bad = Files.writeString(dir.resolve("bad.rst"), right.replace(w0, broken));
        Cli.Result one = Cli.run("check", "--network", net.toString(), good.toString());
        assertEquals(0, one.code(), one.out() + one.err());
        assertFalse(one.out().contains("good.rst: "), "one document: the summary as before");
        Cli.Result both = Cli.run("check", "--network", net.toString(), good.toString(), bad.toString());
        assertEquals(1, both.code(), both.out() + both.err());
        assertTrue(both.out().contains(good + ": "), both.out());
        assertTrue(both.out().contains(bad + ": "), both.out());
        assertTrue(both.out().contains(", 1 wrong"), both.out());
        Cli.Result missing = Cli.run("check", "--network", net.toString(), good.toString(),
                dir.resolve("none.rst").toString());
        assertEquals(2, missing.code(), missing.out() + missing.err());
        assertTrue(missing.out().contains(good + ": "), "the readable document is still checked");
    }
}
