package io.github.gradpath.render;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.github.gradpath.render.ChapterStyleTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The LaTeX documents, in every style, through a real pdflatex (article class, 10 pt, its default text width):
 * they compile, and nothing runs into the margin ({@code Overfull \hbox}). Skipped without pdflatex, except under
 * {@code CI=true} (where {@code .ci/run} installs texlive-latex-base and texlive-latex-extra).
 */
class PdflatexTest {
    @BeforeAll
    static void needsPdflatex() throws Exception {
        boolean ok;
        try {
            ok = new ProcessBuilder("pdflatex", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (java.io.IOException e) {
            ok = false;
        }
        if (!ok && "true".equals(System.getenv("CI"))) fail("pdflatex not found: CI must run this test; see .ci/run");
        Assumptions.assumeTrue(ok, "pdflatex not installed");
    }

    /** pdflatex's log of one generated document. */
    static String build(Path dir, String name, String tex, String packages) throws Exception {
        Files.writeString(dir.resolve(name + "-body.tex"), tex, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(name + ".tex"), "\\documentclass{article}\n\\usepackage{" + packages + "}\n"
                + "\\begin{document}\n\\input{" + name + "-body.tex}\n\\end{document}\n");
        Process p = new ProcessBuilder("pdflatex", "-interaction=nonstopmode", "-halt-on-error", name + ".tex")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        int code = p.waitFor();
        String log = Files.readString(dir.resolve(name + ".log"), StandardCharsets.ISO_8859_1);
        assertEquals(0, code, name + ":\n" + log);
        return log;
    }

    @Test
    void everySampleInEveryStyleFitsTheMargin(@TempDir Path dir) throws Exception {
        int n = 0;
        List<String> samples = List.of("chapter-skip", "chapter-plain", "resblock", "residual-symbolic",
                "overlapping-skips", "backward-skip");
        for (String sample : samples) {
            for (List<String> style : List.<List<String>>of(List.of(), List.of("--style", "chapter"), List.of("--bold", "mathbf"),
                    List.of("--product", "cdot"), List.of("--bold", "none", "--product", "juxtapose"))) {
                List<String> args = new ArrayList<>(List.of("derive", "samples/" + sample + ".nn", "--format", "latex"));
                args.addAll(style);
                ChapterStyleTest.Run r = cli(args.toArray(String[]::new));
                assertEquals(0, r.exit(), r.err());
                String name = "doc" + n++;
                String log = build(dir, name, r.out(), r.out().contains("amsmath,bm") ? "amsmath,bm" : "amsmath");
                assertTrue(!log.contains("Overfull \\hbox"), args + " runs into the margin:\n" + log);
            }
        }
    }

    @Test
    void controlTheCasesSetInlineDoRunIntoTheMargin(@TempDir Path dir) throws Exception {
        // The layout before case definitions became displays: the check above can fail.
        Path templates = dir.resolve("templates/latex");
        Files.createDirectories(templates);
        Files.writeString(templates.resolve("case.tex"), "${when} ${equation}.\n");
        ChapterStyleTest.Run r = cli("derive", "samples/chapter-skip.nn", "--format", "latex", "--templates",
                dir.resolve("templates").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(build(dir, "inline", r.out(), "amsmath,bm").contains("Overfull \\hbox"));
    }
}
