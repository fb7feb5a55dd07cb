package io.github.gradpath.check;

import io.github.gradpath.TestNetworks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A comment naming a network that does not exist fails its own block; every other block is still checked. */
class MissingNetworkTest {
    private static final String BAD = "\\frac{\\partial {\\bm s}_3}{\\partial {\\bm h}_1} = \\frac{\\partial {\\bm h}_3}{\\partial {\\bm h}_1}";

    @Test
    void failsThatBlockOnly(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("n.nn"), TestNetworks.RESBLOCK);
        Path doc = dir.resolve("d.rst");
        Files.writeString(doc, String.join("\n",
                "T", "",
                ".. gradpath: check typo.nn", "",
                "Twice: :math:`" + BAD + "` and :math:`" + BAD + "`.", "",
                ".. gradpath: check n.nn", "",
                ".. math::", "",
                "   " + BAD, ""));
        CheckReport r = DocumentChecker.check(doc, null, null);
        assertEquals(2, r.findings().size(), r.findings().toString());
        Finding missing = r.findings().get(0);
        assertTrue(missing.error());
        assertEquals(3, missing.line());
        assertEquals("network `typo.nn` not found (looked for " + dir.resolve("typo.nn")
                + "); the block after this comment is not checked", missing.message());
        Finding wrong = r.findings().get(1);
        assertEquals(11, wrong.line());
        assertEquals("∂s_3/∂h_1 misses 1 of 2 paths: the skip s_3 ← h_1", wrong.message());
        assertEquals(1, r.checked());
        assertTrue(r.failed(false));
    }
}
