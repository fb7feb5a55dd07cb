package io.github.gradpath.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: fixture paths, temporary documents, LaTeX builders for rows. */
final class CheckFixtures {
    private CheckFixtures() {}

    static Path resource(String name) {
        try {
            return Path.of(CheckFixtures.class.getResource("/check/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path write(Path dir, String name, String text) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One row under a check comment with the given conventions, in an RST document next to its network: it is
     * checked, and it is right ({@code expected} null) or has exactly one finding whose message contains
     * {@code expected}.
     */
    static void assertOneRow(Path dir, String network, String conventions, String row, String expected) {
        write(dir, "net.nn", network);
        Path doc = write(dir, "doc.rst", ".. gradpath: check net.nn " + conventions + "\n\n.. math::\n\n   " + row + "\n");
        CheckReport r;
        try {
            r = DocumentChecker.check(doc, null, null);
        } catch (io.github.gradpath.diag.InputException e) {
            throw new AssertionError(e.diagnostics().errors().toString(), e);
        }
        org.junit.jupiter.api.Assertions.assertEquals(1, r.checked(), r.findings().toString());
        if (expected == null) {
            org.junit.jupiter.api.Assertions.assertEquals(List.of(), r.findings(), row);
        } else {
            org.junit.jupiter.api.Assertions.assertEquals(1, r.findings().size(), r.findings().toString());
            org.junit.jupiter.api.Assertions.assertTrue(r.findings().get(0).message().contains(expected),
                    r.findings().get(0).message());
        }
    }

    /** Document lines (1-based) whose text contains {@code needle}. */
    static List<Integer> linesContaining(Path doc, String needle) {
        try {
            List<String> ls = Files.readAllLines(doc);
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < ls.size(); i++) if (ls.get(i).contains(needle)) out.add(i + 1);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code \frac{\partial A}{\partial B}} with bold non-loss variables written as {@code {\bm h}_q}. */
    static String d(String a, String b) {
        return "\\frac{\\partial " + v(a) + "}{\\partial " + v(b) + "}";
    }

    /** {@code h_q} -> {@code {\bm h}_q}; {@code L}, {@code E} stay plain. */
    static String v(String name) {
        if (name.equals("L") || name.equals("E")) return name;
        int u = name.indexOf('_');
        if (u < 0) return "{\\bm " + name + "}";
        return "{\\bm " + name.substring(0, u) + "}" + name.substring(u);
    }

    static String times(String... factors) { return String.join("\\times ", factors); }

    /** An RST document with one math block holding {@code rows}. */
    static String rstBlock(String... rows) {
        StringBuilder sb = new StringBuilder("Rows\n\n.. math::\n   \\begin{aligned}\n");
        for (int i = 0; i < rows.length; i++) sb.append("   ").append(rows[i]).append(i + 1 < rows.length ? "\\\\\n" : "\n");
        return sb.append("   \\end{aligned}\n").toString();
    }
}
