package io.github.gradpath.render;

import io.github.gradpath.check.CheckReport;
import io.github.gradpath.check.DocumentChecker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.github.gradpath.render.ChapterStyleTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarkdownFormatsTest {
    @Test
    void gfmHasDollarMathAndNoSphinxSyntax(@TempDir Path dir) throws Exception {
        for (String sample : List.of("resblock", "chapter-skip")) {
            ChapterStyleTest.Run r = cli("derive", "samples/" + sample + ".nn", "--format", "gfm");
            assertEquals(0, r.exit(), r.err());
            String out = r.out();
            assertTrue(out.contains("$$\n\\begin{aligned}\n"), out);
            assertFalse(out.contains("{math}") || out.contains(":label:") || out.contains("```") || out.contains(".. "), out);
            assertFalse(out.contains("\\bm "), "GitHub cannot define \\bm: " + out);
            // And what it states is right: gradpath check reads $$ and $...$ math as Markdown.
            Path doc = dir.resolve(sample + ".md");
            Files.writeString(doc, out);
            CheckReport rep = DocumentChecker.check(doc, Path.of("samples/" + sample + ".nn"), null);
            assertEquals(List.of(), rep.findings());
            assertEquals(sample.equals("resblock") ? 8 : 10, rep.checked());
        }
        assertTrue(cli("derive", "samples/chapter-skip.nn", "--format", "gfm").out()
                .contains("For $k=1, 2, \\cdots, p$, $\\frac{\\partial {\\boldsymbol s}_q}"));
    }

    @Test
    void aStyleOrBoldOptionOverridesGfmsBold() {
        assertTrue(cli("derive", "samples/resblock.nn", "--format", "gfm", "--bold", "bm").out().contains("{\\bm h}_1"));
        assertTrue(cli("derive", "samples/resblock.nn", "--format", "gfm", "--style", "chapter").out().contains("{\\bm h}_1"));
    }

    @Test
    void jupyterIsANotebookWithOneMarkdownCellHoldingTheGfmDocument(@TempDir Path dir) throws Exception {
        Path nb = dir.resolve("r.ipynb");
        ChapterStyleTest.Run r = cli("derive", "samples/chapter-skip.nn", "-o", nb.toString());
        assertEquals(0, r.exit(), r.err());
        String json = Files.readString(nb);
        assertTrue(json.startsWith("{\n \"cells\": [\n  {\n   \"cell_type\": \"markdown\",\n"), json);
        assertTrue(json.endsWith("\"nbformat\": 4,\n \"nbformat_minor\": 4\n}\n"), json);
        StringBuilder source = new StringBuilder();
        Matcher m = Pattern.compile("^    \"((?:[^\"\\\\]|\\\\.)*)\",?$", Pattern.MULTILINE).matcher(json);
        while (m.find()) source.append(unescape(m.group(1)));
        String gfm = cli("derive", "samples/chapter-skip.nn", "--format", "gfm").out();
        assertEquals(gfm.substring(0, gfm.length() - 1), source.toString()); // the cell's last line has no newline
    }

    static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') { sb.append(c); continue; }
            char n = s.charAt(++i);
            sb.append(switch (n) { case 'n' -> '\n'; case 't' -> '\t'; default -> n; });
        }
        return sb.toString();
    }
}
