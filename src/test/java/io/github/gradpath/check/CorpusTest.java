package io.github.gradpath.check;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real public derivations (d2l-en, d2l-zh, cs231n, He et al. 2016, Pascanu et al. 2013, udlbook, lecture notes and
 * blog posts), transcribed under {@code check/corpus/} with a network each. Every verdict was decided by hand and
 * is listed in {@code NAME.expected} ({@code LINE: ok}, {@code LINE: wrong: <start of the message>},
 * {@code LINE: cannot read}, {@code LINE: note}, {@code LINE: not checked}); the test also measures how many
 * derivation rows are read as written and that no math mentioning a derivative is passed over in silence.
 */
class CorpusTest {
    private static final Path DIR = CheckFixtures.resource("chapter.rst").getParent().resolve("corpus");

    private static List<Path> documents() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".md") || p.toString().endsWith(".tex")).sorted().toList();
        }
    }

    /** A verbose line condensed to the form of the expected files. */
    private static String verdict(String verbose, Path doc) {
        String rest = verbose.substring(doc.toString().length() + 1);
        int colon = rest.indexOf(": ");
        String line = rest.substring(0, colon), v = rest.substring(colon + 2);
        if (v.equals("ok")) return line + ": ok";
        if (v.startsWith("note:")) return line + ": note";
        if (v.startsWith("warning: not checked")) return line + ": not checked";
        if (v.startsWith("error: cannot read")) return line + ": cannot read";
        if (v.startsWith("error: ")) return line + ": wrong: " + v.substring(7);
        return line + ": " + v;
    }

    @Test
    void everyVerdictIsTheOneDecidedByHandAndNothingIsSilent() throws IOException {
        List<Path> docs = documents();
        assertTrue(docs.size() >= 12, "at least 12 real derivations: " + docs);
        int rows = 0, read = 0, wrong = 0, unread = 0, partly = 0;
        StringBuilder report = new StringBuilder();
        for (Path doc : docs) {
            String name = doc.getFileName().toString();
            Path expectedFile = DIR.resolve(name.substring(0, name.lastIndexOf('.')) + ".expected");
            List<String> expected = Files.readAllLines(expectedFile);
            CheckReport r = DocumentChecker.check(doc, null, null);
            List<String> got = r.verbose().stream().map(v -> verdict(v, doc)).toList();
            assertEquals(expected.size(), got.size(), name + ":\n" + String.join("\n", got));
            for (int k = 0; k < expected.size(); k++) {
                String e = expected.get(k), g = got.get(k);
                if (e.contains(": wrong: ")) assertTrue(g.startsWith(e), name + ": expected " + e + ", got " + g);
                else assertEquals(e, g, name);
            }
            nothingSilent(doc, r);
            int docUnread = 0, docWrong = 0;
            for (Finding f : r.findings()) {
                if (!f.error()) continue;
                if (f.message().startsWith("cannot read")) {
                    docUnread++;
                    if (f.message().contains("(the other right side")) partly++;
                } else {
                    docWrong++;
                }
            }
            rows += r.checked();
            unread += docUnread;
            wrong += docWrong;
            read += r.checked() - docUnread;
            report.append(String.format(Locale.ROOT, "  %-28s rows %2d  read %2d  wrong %d%n", name, r.checked(),
                    r.checked() - docUnread, docWrong));
        }
        // The measurement, printed for the README and the closing note (the goal is 90%; see the README).
        System.out.printf(Locale.ROOT, "corpus: %d documents, %d derivation rows, %d read as written (%.0f%%), %d of"
                + " them wrong; %d cannot be read (%d of those with every other right side checked)%n%s", docs.size(),
                rows, read, 100.0 * read / rows, wrong, unread, partly, report);
        assertEquals(rows, read + unread);
        assertTrue(10 * read >= 9 * rows, "at least 90% of the corpus rows are read as written: " + read + " of " + rows);
    }

    /** Every line of the document that mentions a derivative lies in a block some verdict, note or warning names. */
    private static void nothingSilent(Path doc, CheckReport r) throws IOException {
        List<String> lines = Files.readAllLines(doc);
        List<Integer> named = new ArrayList<>();
        for (String v : r.verbose()) {
            String rest = v.substring(doc.toString().length() + 1);
            named.add(Integer.parseInt(rest.substring(0, rest.indexOf(':'))));
        }
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.contains("gradpath:") || l.startsWith("<!--") || l.startsWith("%") || !Mentions.derivative(l)) continue;
            // The block around line i+1: the non-blank lines around it.
            int from = i, to = i;
            while (from > 0 && !lines.get(from - 1).isBlank()) from--;
            while (to + 1 < lines.size() && !lines.get(to + 1).isBlank()) to++;
            boolean seen = false;
            for (int n : named) if (n >= from + 1 && n <= to + 1) seen = true;
            assertTrue(seen, doc.getFileName() + ":" + (i + 1) + " mentions a derivative but nothing was said about it");
        }
    }
}
