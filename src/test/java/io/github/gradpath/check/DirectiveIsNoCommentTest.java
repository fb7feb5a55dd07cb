package io.github.gradpath.check;

import io.github.gradpath.TestNetworks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code .. gradpath:: NET} (the Sphinx extension's directive, with its options) is not a check comment. */
class DirectiveIsNoCommentTest {
    private static final String BAD = "\\frac{\\partial {\\bm s}_3}{\\partial {\\bm h}_1} = \\frac{\\partial {\\bm h}_3}{\\partial {\\bm h}_1}";

    @Test
    void theDirectiveIsSkippedAndACommentAfterItStillWorks(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("n.nn"), TestNetworks.RESBLOCK);
        Path doc = dir.resolve("d.rst");
        Files.writeString(doc, String.join("\n",
                "T", "",
                ".. gradpath:: n.nn", "   :form: paths", "   :wrt: w_0", "",
                ".. gradpath: check n.nn", "",
                ".. math::", "",
                "   " + BAD, ""));
        CheckReport r = DocumentChecker.check(doc, null, null);
        assertEquals(1, r.findings().size(), r.findings().toString());
        assertEquals(11, r.findings().get(0).line());
        assertTrue(r.findings().get(0).message().contains("misses 1 of 2 paths"), r.findings().toString());
    }
}
