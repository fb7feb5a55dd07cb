package io.github.gradpath.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static io.github.gradpath.render.ChapterStyleTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gradpath graph}: the figure's structure in DOT, and SVG/PDF through Graphviz. */
class GraphFigureTest {
    static String dot(String... args) {
        ChapterStyleTest.Run r = cli(args);
        assertEquals(0, r.exit(), r.err());
        return r.out();
    }

    static List<String> lines(String dot, String needle) {
        return Arrays.stream(dot.split("\n")).filter(l -> l.contains(needle)).toList();
    }

    @Test
    void skipsAreArcsBesideTheColumnAndWeightsLabelTheirEdges() {
        String d = dot("graph", "samples/resblock.nn");
        // The one skip, s_3 <- h_1, dashed and not constraining the column; no other edge is dashed.
        assertEquals(List.of("  \"h_1\" -> \"s_3\" [style=dashed, color=\"#1f77b4\", constraint=false];"),
                lines(d, "style=dashed"));
        // w_0 written on the edge it multiplies, typeset: bold italic w, subscript 0.
        assertTrue(d.contains("\"x\" -> \"h_1\" [label=< <B><I>w</I></B><SUB><FONT POINT-SIZE=\"11\">0</FONT></SUB>>];"), d);
        assertFalse(d.contains("\"w_0\" ["), "no weight node: " + d);
        assertTrue(d.contains("\"s_3\" [label=<<B><I>s</I></B><SUB><FONT POINT-SIZE=\"11\">3</FONT></SUB>>, shape=circle"), d);
    }

    @Test
    void aLaterStepOfAnUnrolledNetworkIsNoSkip() {
        String d = dot("graph", "samples/backward-skip.nn");
        assertEquals(List.of(), lines(d, "style=dashed"), d);
        // Layer 1 of step 2 feeds layer 2 of step 2 with a plain edge, labelled with the shared weight.
        assertTrue(d.contains("\"h_{1,2}\" -> \"h_{2,2}\" [label=< <B><I>w</I></B><SUB><FONT POINT-SIZE=\"11\">2</FONT></SUB>>];"), d);
        assertTrue(d.contains("<SUB><FONT POINT-SIZE=\"11\">1,2</FONT></SUB>"), d);
    }

    @Test
    void highlightDrawsThePathsOfOneGradient() {
        String d = dot("graph", "samples/resblock.nn", "--highlight", "w_0");
        // Both paths of ∂L/∂w_0: the skip and the chain through h_2, h_3, every edge above h_1 red; x's edge not.
        assertTrue(lines(d, "\"h_1\" -> \"s_3\"").get(0).contains("color=\"#d62728\", penwidth=2.2"), d);
        assertTrue(lines(d, "\"h_2\" -> \"h_3\"").get(0).contains("#d62728"), d);
        assertTrue(lines(d, "\"x\" -> \"h_1\"").get(0).contains("fontcolor=\"#d62728\""), d); // the label w_0
        assertFalse(lines(d, "\"x\" -> \"h_1\"").get(0).contains("penwidth"), d);
        String w4 = dot("graph", "samples/resblock.nn", "--highlight", "w_4");
        assertFalse(lines(w4, "\"h_1\" -> \"s_3\"").get(0).contains("#d62728"), w4);
    }

    @Test
    void svgAndPdfThroughGraphviz(@TempDir Path dir) throws Exception {
        // Like the Sphinx, KaTeX and pdflatex tests: skipped where Graphviz is missing, but never under CI=true
        // (.ci/run installs it), so the figure path is always exercised where it counts.
        boolean haveDot = java.util.stream.Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "dot")));
        if (!haveDot && "true".equals(System.getenv("CI"))) {
            org.junit.jupiter.api.Assertions.fail("Graphviz `dot` is not installed (CI=true): apt-get install graphviz; see .ci/run");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(haveDot, "Graphviz `dot` not installed");
        ChapterStyleTest.Run r = cli("graph", "samples/resblock.nn", "--format", "svg");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("<svg") && r.out().contains("</svg>"), r.out());
        Path pdf = dir.resolve("f.pdf");
        r = cli("graph", "samples/chapter-skip-6.nn", "-o", pdf.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(new String(Files.readAllBytes(pdf), 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1).equals("%PDF-"));
        assertEquals(2, cli("graph", "samples/resblock.nn", "--format", "pdf").exit());
    }

    @Test
    void missingGraphvizIsOneClearError() {
        System.setProperty("gradpath.dot", "/nonexistent/dot");
        try {
            ChapterStyleTest.Run r = cli("graph", "samples/resblock.nn", "--format", "svg");
            assertEquals(2, r.exit());
            assertEquals("gradpath: error: Graphviz `dot` is not installed (or not on PATH): it draws --format svg;"
                    + " install graphviz, or write --format dot and render it elsewhere\n", r.err());
            assertEquals("", r.out());
        } finally {
            System.clearProperty("gradpath.dot");
        }
    }
}
