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

class FileSetTest {
    @Test
    void doubleStarMatchesZeroOrMoreDirectories() {
        FileSet s = new FileSet(Path.of("."), List.of("**/*.nn"), List.of());
        assertTrue(s.selected(Path.of("a.nn")));
        assertTrue(s.selected(Path.of("x/y/b.nn")));
        assertFalse(s.selected(Path.of("a.nnx")));
        assertFalse(s.selected(Path.of("a.rst")));
    }

    @Test
    void starStaysWithinOneNameAndExcludesWin() {
        FileSet s = new FileSet(Path.of("."), List.of("nets/*.nn", "old/"), List.of("**/draft-*"));
        assertTrue(s.selected(Path.of("nets/a.nn")));
        assertFalse(s.selected(Path.of("nets/sub/a.nn")));
        assertTrue(s.selected(Path.of("old/deep/x.txt")), "a trailing / means everything below");
        assertFalse(s.selected(Path.of("nets/draft-a.nn")));
        assertFalse(s.selected(Path.of("a.nn")));
    }

    @Test
    void regexSpecialCharactersInPatternsAreLiteral() {
        FileSet s = new FileSet(Path.of("."), List.of("a+b(1).nn"), List.of());
        assertTrue(s.selected(Path.of("a+b(1).nn")));
        assertFalse(s.selected(Path.of("aab1.nn")));
    }

    @Test
    void scanIsSortedAndRelative(@TempDir Path dir) throws IOException {
        for (String f : List.of("b.nn", "a/z.nn", "a/b/c.nn", "notes.txt")) {
            Path p = dir.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "");
        }
        List<Path> got = new FileSet(dir, List.of("**/*.nn"), null).scan();
        assertEquals(List.of(Path.of("a/b/c.nn"), Path.of("a/z.nn"), Path.of("b.nn")), got);
    }

    @Test
    void missingDirectoryIsEmpty(@TempDir Path dir) throws IOException {
        assertEquals(List.of(), new FileSet(dir.resolve("none"), List.of("**/*"), List.of()).scan());
    }

    @Test
    void checksDefaultExcludesSkipSphinxOutput() {
        FileSet s = new FileSet(Path.of("."), List.of("**/*.rst", "**/*.tex"), List.of(DocsChecker.DEFAULT_EXCLUDES));
        assertFalse(s.selected(Path.of("_build/latex/book.tex")));
        assertFalse(s.selected(Path.of("book/_build/html/_sources/ch.rst")));
        assertTrue(s.selected(Path.of("ch.tex")));
        assertTrue(s.selected(Path.of("build/ch.rst")), "only Sphinx's _build");
        assertTrue(s.selected(Path.of("my_build/ch.rst")));
    }
}
