package io.github.gradpath.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.github.gradpath.render.ChapterStyleTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatsCommandTest {
    @Test
    void threeUnitsFromTheOutputToTheInput() {
        ChapterStyleTest.Run r = cli("paths", "samples/residual-stack.nn", "--stats");
        assertEquals(0, r.exit(), r.err());
        // C(3, k): 1 3 3 1, mean 3/2.
        assertEquals("0 1\n1 3\n2 3\n3 1\nmean 3/2\n", r.out());
    }

    @Test
    void severalTargetsAreHeadedByName() {
        ChapterStyleTest.Run r = cli("paths", "samples/residual-stack.nn", "--stats", "--wrt", "W_2,W_1");
        assertEquals(0, r.exit(), r.err());
        assertEquals("W_2\n0 0\n1 1\nmean 1\n\nW_1\n0 0\n1 1\n2 1\nmean 3/2\n", r.out());
    }

    @Test
    void histogram(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("h.svg");
        ChapterStyleTest.Run r = cli("paths", "samples/residual-stack.nn", "--stats", "-o", svg.toString());
        assertEquals(0, r.exit(), r.err());
        String text = Files.readString(svg);
        assertTrue(text.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), text);
        // One bar per length, heights 1:3:3:1 of the plot's 270 px.
        assertTrue(text.contains("height=\"90.0\" fill=\"#1f77b4\"><title>length 0: 1 paths</title>"), text);
        assertTrue(text.contains("height=\"270.0\" fill=\"#1f77b4\"><title>length 1: 3 paths</title>"), text);
        assertTrue(text.contains("8 paths, mean length 1.50"), text);
    }

    @Test
    void aHistogramOfSeveralTargetsIsAUsageError(@TempDir Path dir) {
        ChapterStyleTest.Run r = cli("paths", "samples/resblock.nn", "--stats", "--wrt", "w_0,w_1", "-o",
                dir.resolve("h.svg").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("shows one target; the network has 2: pick one with --wrt"), r.err());
        assertEquals(2, cli("paths", "samples/resblock.nn", "--stats", "--count").exit());
    }

    @Test
    void hugeCountsAreLabelledInScientificNotation() {
        assertEquals("1.01×10<tspan baseline-shift=\"super\" font-size=\"9\">299</tspan>",
                HistogramSvg.sci(java.math.BigInteger.TEN.pow(297).multiply(java.math.BigInteger.valueOf(101)).add(java.math.BigInteger.valueOf(7))));
        assertEquals("1000", HistogramSvg.sci(java.math.BigInteger.valueOf(1000)));
    }
}
