package io.github.gradpath.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DocsCheckerTest {
    static final String RIGHT = """
            .. gradpath: check res.nn

            By hand: :math:`\\frac{\\partial {\\bm s}_2}{\\partial {\\bm h}_1} = 1 + \\frac{\\partial {\\bm h}_2}{\\partial {\\bm h}_1}`.
            """;
    // Line 3: the identity term of the skip is missing.
    static final String WRONG = """
            .. gradpath: check res.nn

            By hand: :math:`\\frac{\\partial {\\bm s}_2}{\\partial {\\bm h}_1} = \\frac{\\partial {\\bm h}_2}{\\partial {\\bm h}_1}`.
            """;

    static Path dir(Path tmp) throws IOException {
        Files.writeString(tmp.resolve("res.nn"), DocsGeneratorTest.RES);
        return tmp;
    }

    @Test
    void everyDocumentIsCheckedAndCounted(@TempDir Path tmp) throws IOException {
        Path dir = dir(tmp);
        Files.writeString(dir.resolve("a.rst"), RIGHT);
        Files.writeString(dir.resolve("b.rst"), WRONG);
        Files.writeString(dir.resolve("c.rst"), "No math here.\n");
        DocsChecker.Outcome o = DocsChecker.run(dir, List.of(Path.of("a.rst"), Path.of("b.rst"), Path.of("c.rst")),
                false);
        assertEquals(3, o.documents());
        assertEquals(2, o.checked());
        assertEquals(1, o.wrong());
        assertEquals(1, o.failedDocuments());
        assertEquals(1, o.errors().size());
        assertEquals(dir.resolve("b.rst").toAbsolutePath(), o.errors().get(0).file());
        assertEquals(3, o.errors().get(0).line());
        assertTrue(o.inputErrors().isEmpty());
    }

    @Test
    void aMissingNetworkFailsWithItsPosition(@TempDir Path tmp) throws IOException {
        Path dir = dir(tmp);
        Files.writeString(dir.resolve("a.rst"), RIGHT.replace("res.nn", "nope.nn"));
        DocsChecker.Outcome o = DocsChecker.run(dir, List.of(Path.of("a.rst")), false);
        assertTrue(o.failed());
        // A finding at the comment's line (that block fails; the rest of the document is still checked).
        assertTrue(o.inputErrors().isEmpty(), o.inputErrors());
        assertEquals(1, o.errors().size());
        assertEquals(dir.resolve("a.rst").toAbsolutePath(), o.errors().get(0).file());
        assertEquals(1, o.errors().get(0).line());
        assertTrue(o.errors().get(0).message().startsWith("network `nope.nn` not found"), o.errors().get(0).message());
    }

    @Test
    void rightDocumentsPass(@TempDir Path tmp) throws IOException {
        Path dir = dir(tmp);
        Files.writeString(dir.resolve("a.rst"), RIGHT);
        DocsChecker.Outcome o = DocsChecker.run(dir, List.of(Path.of("a.rst")), true);
        assertFalse(o.failed());
        assertEquals(List.of(), o.findings());
    }
}
