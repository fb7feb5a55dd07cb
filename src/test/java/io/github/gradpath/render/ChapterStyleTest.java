package io.github.gradpath.render;

import io.github.gradpath.check.CheckReport;
import io.github.gradpath.check.DocumentChecker;
import io.github.gradpath.cli.CommandFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --style chapter} against the reference chapter's blocks, transcribed character for character in
 * {@code style/chapter-blocks.txt}: row for row, the same tokens. The comparison ignores only what TeX ignores
 * and the chapter itself does not keep consistent: blanks, and braces around a one-character subscript
 * ({@code {\bm s}_{q}} and {@code {\bm s}_q} both occur in it).
 */
class ChapterStyleTest {
    record Run(int exit, String out, String err) {}

    static Run cli(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = CommandFactory.create(new PrintWriter(out), new PrintWriter(err),
                new ByteArrayInputStream(new byte[0])).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static Map<String, List<String>> chapter() throws IOException {
        Map<String, List<String>> blocks = new LinkedHashMap<>();
        List<String> current = null;
        try (InputStream in = ChapterStyleTest.class.getResourceAsStream("/style/chapter-blocks.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#")) continue;
                if (line.startsWith("== ")) blocks.put(line.substring(3), current = new ArrayList<>());
                else current.add(line);
            }
        }
        return blocks;
    }

    /** The rows of the first {@code aligned} environment of a document. */
    static List<String> rows(String doc) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : doc.split("\n")) {
            if (line.contains("\\end{aligned}")) break;
            if (in) out.add(line);
            if (line.contains("\\begin{aligned}")) in = true;
        }
        return out;
    }

    static String norm(String tex) {
        return tex.replaceAll("\\s+", "").replaceAll("_\\{([A-Za-z0-9])\\}", "_$1");
    }

    static List<String> norm(List<String> rows) {
        return rows.stream().map(ChapterStyleTest::norm).toList();
    }

    @Test
    void skipBlockRowForRow() throws IOException {
        Run r = cli("derive", "samples/chapter-skip.nn", "--style", "chapter");
        assertEquals(0, r.exit(), r.err());
        List<String> chapter = chapter().get("skip");
        assertEquals(13, chapter.size()); // 8 rows, 5 \vdots
        assertEquals(norm(chapter), norm(rows(r.out())));
    }

    @Test
    void classicalBlockRowForRow() throws IOException {
        Run r = cli("derive", "samples/chapter-plain.nn", "--style", "chapter");
        assertEquals(0, r.exit(), r.err());
        List<String> chapter = chapter().get("classical");
        assertEquals(9, chapter.size()); // 6 rows, 3 \vdots
        assertEquals(norm(chapter), norm(rows(r.out())));
    }

    @Test
    void theChaptersSourceSpacingWhereItIsConsistent() throws IOException {
        String out = cli("derive", "samples/chapter-skip.nn", "--style", "chapter").out();
        List<String> rows = rows(out);
        assertEquals("   &\\ \\ \\vdots \\\\", rows.get(2));
        assertEquals(chapter().get("skip").get(0), rows.get(0)); // the first row byte for byte, `\\` included
        assertEquals(chapter().get("skip").get(3), rows.get(3)); // `\cdots \times`
    }

    @Test
    void forwardBlockRowForRow() throws IOException {
        Run r = cli("derive", "samples/chapter-skip.nn", "--style", "chapter", "--forward");
        assertEquals(0, r.exit(), r.err());
        List<String> mine = new ArrayList<>(norm(rows(r.out())));
        // The chapter ends every gradient row with `\\`, the last one too, but not its forward block's last row.
        int last = mine.size() - 1;
        mine.set(last, mine.get(last).replaceAll("\\\\\\\\$", ""));
        assertEquals(norm(chapter().get("forward")), mine);
    }

    @Test
    void casesAsTheChapterWritesThem() throws IOException {
        String out = cli("derive", "samples/chapter-skip.nn", "--style", "chapter").out();
        List<String> inline = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("For ")) inline.add(line.substring(line.lastIndexOf(":math:`") + 7, line.lastIndexOf('`')));
        }
        assertEquals(List.of(norm(chapter().get("case1").get(0)), norm(chapter().get("case2").get(0))), norm(inline));
    }

    @Test
    void theDefaultStyleDiffersFromTheChapterOnlyByTheStyleChoices() throws IOException {
        List<String> plain = norm(rows(cli("derive", "samples/chapter-plain.nn").out()));
        assertNotEquals(norm(chapter().get("classical")), plain);
        assertEquals(9, plain.size()); // the same rows and \vdots: what differs is inside the rows
    }

    /**
     * The oracle for the row-level choices: the styled blocks, kept factors and extra {@code \vdots} included, are
     * right by {@code gradpath check}, every row of them.
     */
    @Test
    void styledBlocksCheckClean(@TempDir Path dir) throws IOException {
        for (String[] c : new String[][] {{"samples/chapter-skip.nn", "8"}, {"samples/chapter-plain.nn", "6"}}) {
            Path doc = dir.resolve("styled.rst");
            Files.writeString(doc, cli("derive", c[0], "--style", "chapter").out());
            CheckReport rep = DocumentChecker.check(doc, Path.of(c[0]), null);
            assertEquals(List.of(), rep.findings(), c[0]);
            // The gradient rows, plus the two case definitions of the skip network.
            assertEquals(Integer.parseInt(c[1]) + (c[0].contains("skip") ? 2 : 0), rep.checked(), c[0]);
        }
    }

    @Test
    void aKeptFactorOutsideItsRunIsCaughtByTheChecker(@TempDir Path dir) throws IOException {
        // Keeping ∂h_{p}/∂h_{p-1} in row w_p puts a step the dots do not stand for into the row: derive checks the
        // styled block before writing it and refuses it, saying which row.
        Path style = dir.resolve("bad.style");
        Files.writeString(style, "keep.Classical.w_p = h_p/h_{p-1}\n");
        Run r = cli("derive", "samples/chapter-plain.nn", "--style", style.toString());
        assertEquals(2, r.exit(), r.out());
        assertEquals("", r.out());
        assertEquals("gradpath: error: the style's kept factors (keep.Classical.*) make a row wrong: cannot read:"
                + " `\\cdots` cannot join h_{p-1} down to h_{p+1}: h_{p-1} does not depend on h_{p+1}\n", r.err());
    }
}
