package io.github.gradpath.cli;

import io.github.gradpath.TestNetworks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckCommandTest {
    private static final String NET = TestNetworks.RESBLOCK;
    private static final String GOOD = "\\frac{\\partial {\\bm s}_3}{\\partial {\\bm h}_1} = 1 + \\frac{\\partial {\\bm h}_3}{\\partial {\\bm h}_1}";
    private static final String BAD = "\\frac{\\partial {\\bm s}_3}{\\partial {\\bm h}_1} = \\frac{\\partial {\\bm h}_3}{\\partial {\\bm h}_1}";

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = CommandFactory.create(new PrintWriter(out), new PrintWriter(err), new ByteArrayInputStream(new byte[0]));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void rightDocumentExitsZero(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("n.nn"), NET);
        Files.writeString(dir.resolve("d.rst"), "T\n\n.. math::\n   " + GOOD + "\n");
        Run r = run("check", dir.resolve("d.rst").toString(), "--network", dir.resolve("n.nn").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("1 checked, 0 wrong\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void wrongRowExitsOneWithTheFindingAndTheSummary(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("n.nn"), NET);
        Path doc = dir.resolve("d.rst");
        Files.writeString(doc, "T\n\n.. math::\n   " + GOOD + "\n\n.. math::\n   " + BAD + "\n");
        Run r = run("check", doc.toString(), "--network", dir.resolve("n.nn").toString());
        assertEquals(1, r.code());
        assertEquals(doc + ":7: error: ∂s_3/∂h_1 misses 1 of 2 paths: the skip s_3 ← h_1\n2 checked, 1 wrong\n", r.out());
    }

    @Test
    void aDocumentThatNamesNoNetworkSaysNothingWasChecked(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("d.rst");
        Files.writeString(doc, "T\n\n.. math::\n   " + BAD + "\n");
        Run r = run("check", doc.toString());
        assertEquals(0, r.code());
        // The derivative is reported at its line, never passed in silence; --strict fails it.
        assertEquals(doc + ":4: warning: not checked: no network is named for this math (put a `gradpath: check NET`"
                + " comment before it, or give --network NET)\n0 checked, 0 wrong\n", r.out());
        assertEquals(1, run("check", doc.toString(), "--strict").code());
        assertEquals(doc + ": warning: nothing was checked: no block names a network (give --network NET, or put"
                + " `.. gradpath: check NET` before a block)\n", r.err());
    }

    @Test
    void warningsFailOnlyWithStrict(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("n.nn"), NET);
        Path doc = dir.resolve("d.rst");
        Files.writeString(doc, "T\n\n.. math::\n\n   " + GOOD + "\n   :label: x\n");
        String net = dir.resolve("n.nn").toString();
        Run plain = run("check", doc.toString(), "--network", net);
        assertEquals(0, plain.code());
        assertTrue(plain.out().startsWith(doc + ":6: warning: this `:label: x` is typeset as math"), plain.out());
        assertEquals(1, run("check", doc.toString(), "--network", net, "--strict").code());
    }

    @Test
    void unreadableInputExitsTwo(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("n.nn"), NET);
        Run r = run("check", dir.resolve("missing.rst").toString(), "--network", dir.resolve("n.nn").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("missing.rst: no such file"), r.err());
        assertEquals("", r.out());
        Files.writeString(dir.resolve("d.rst"), "T\n");
        Run net = run("check", dir.resolve("d.rst").toString(), "--network", dir.resolve("nonet.nn").toString());
        assertEquals(2, net.code());
        Run label = run("check", dir.resolve("d.rst").toString(), "--network", dir.resolve("n.nn").toString(), "--label", "q");
        assertEquals(2, label.code());
        assertTrue(label.err().contains("no math block"), label.err());
    }

    @Test
    void verboseListsEveryRowAndConventionsComeFromTheCommandLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("n.nn"), NET);
        Path doc = dir.resolve("d.rst");
        Files.writeString(doc, "T\n\n.. math::\n\n   h_1 = a_0(w_0 x) \\\\\n   " + GOOD + "\n");
        Run r = run("check", "-v", doc.toString(), "--network", dir.resolve("n.nn").toString());
        assertEquals(0, r.code());
        assertEquals(doc + ":5: note: not a derivative statement\n" + doc + ":6: ok\n1 checked, 0 wrong\n", r.out());
        // ∂s_3/∂h_1 = ∂h_3/∂h_1 + 1 read input-first is the same sum: still right; an unknown value is a usage error.
        assertEquals(0, run("check", doc.toString(), "--network", dir.resolve("n.nn").toString(), "--order",
                "input-first").code());
        Run bad = run("check", doc.toString(), "--network", dir.resolve("n.nn").toString(), "--partials", "immediat");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("`partials=immediat`: the value must be `total` or `immediate`"), bad.err());
    }
}
