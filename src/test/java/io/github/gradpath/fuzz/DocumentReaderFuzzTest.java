package io.github.gradpath.fuzz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The document readers of {@code check} (RST, MyST, LaTeX) under random and mutated documents (issue 13): exit
 * 0, 1 (a wrong or unreadable row, at its line) or 2 (the document or its network cannot be read, positioned),
 * quickly, never exit 3 or a trace. Seeds are gradpath's own output for a small network (which must check clean)
 * and skeletons whose rows are LaTeX token soup.
 */
class DocumentReaderFuzzTest {
    static final String NET = "network R {\n  input x;\n  h_1 = a_0(w_0 x);\n  h_2 = a_1(w_1 h_1);\n"
            + "  s = h_1 + h_2;\n  y = a_2(w_2 s);\n  loss L(y);\n}\n";

    static final List<String> TEX = List.of(
            "\\frac{\\partial L}{\\partial {\\bm y}}", "\\frac{\\partial {\\bm y}}{\\partial {\\bm s}}",
            "\\frac{\\partial L}{\\partial {\\bm w}_0}", "\\frac{\\partial {\\bm h}_2}{\\partial {\\bm h}_1}",
            "\\frac", "\\partial", "{\\bm h}_{1}", "{\\bm w}_2", "\\times", "\\cdot", "+", "-", "=", "&=", "&", "\\\\",
            "(", ")", "[", "]", "{", "}", "\\left(", "\\right)", "\\left.", "\\right|_{\\mathrm{direct}}", "_", "^",
            "^T", "'", "1", "0", "\\cdots", "\\vdots", "\\ddots", "\\begin{aligned}", "\\end{aligned}",
            "\\begin{align}", "\\end{align}", "\\label{g}", "\\nonumber", "%", "$", "$$", "\\(", "\\)", "\\[", "\\]",
            "\\sum_{k=1}^{N}", "\\prod_{k=p}^{q}", "_{q+1}", "_{9223372036854775807}", "\n", "\n\n", "   ", "\t",
            ".. math::", ".. gradpath: check n.nn", "```{math}", "```", ":label: g", "<!-- gradpath: check n.nn -->",
            "% gradpath: check n.nn", "% gradpath: check ../../../../etc/hostname", "\u0000", "é", "\uFEFF", "\r");

    static Path dir;
    static List<String> seeds;

    @BeforeContainer
    static void setUp() throws IOException {
        dir = Files.createTempDirectory("gradpath-fuzz-docs");
        Files.writeString(dir.resolve("n.nn"), NET);
        seeds = new java.util.ArrayList<>();
        for (String fmt : new String[] {"rst", "myst", "latex"}) {
            Promise.Run r = Promise.cli(NET, "derive", "--format", fmt, "-");
            if (r.code() != 0) throw new IllegalStateException(r.err());
            String comment = switch (fmt) {
                case "rst" -> "Title\n=====\n\n.. gradpath: check n.nn\n\n";
                case "myst" -> "# Title\n\n<!-- gradpath: check n.nn -->\n\n";
                default -> "\\documentclass{article}\n\\begin{document}\n% gradpath: check n.nn\n";
            };
            seeds.add(comment + r.out() + (fmt.equals("latex") ? "\\end{document}\n" : ""));
        }
    }

    @AfterContainer
    static void tearDown() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private static void promise(String ext, String text) {
        Path doc = dir.resolve("doc." + ext);
        try {
            Files.write(doc, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Pattern positioned = Pattern.compile(Pattern.quote(doc.toString()) + ":\\d+:(\\d+:)? (error|warning): ");
        Promise.check(Promise.cli(new byte[0], "check", doc.toString()), Set.of(0, 1, 2), positioned, text);
    }

    @Example
    void seedsCheckClean() {
        for (int i = 0; i < seeds.size(); i++) {
            String ext = new String[] {"rst", "md", "tex"}[i];
            Path doc = dir.resolve("seed." + ext);
            try {
                Files.writeString(doc, seeds.get(i));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Promise.Run r = Promise.cli(new byte[0], "check", doc.toString());
            if (r.code() != 0) throw new AssertionError("gradpath's own output does not check:\n" + r.out() + r.err());
        }
    }

    @Provide
    Arbitrary<String> rows() {
        return Arbitraries.of(TEX).list().ofMaxSize(60).map(l -> String.join(" ", l));
    }

    @Property
    void rst(@ForAll("rows") String rows, @ForAll boolean mutate, @ForAll("edits") List<Mutations.Edit> edits) {
        String doc = mutate ? Mutations.apply(seeds.get(0), edits)
                : "T\n=\n\n.. gradpath: check n.nn\n\n.. math::\n\n   " + rows.replace("\n", "\n   ") + "\n";
        promise("rst", doc);
    }

    @Property
    void myst(@ForAll("rows") String rows, @ForAll boolean mutate, @ForAll("edits") List<Mutations.Edit> edits) {
        String doc = mutate ? Mutations.apply(seeds.get(1), edits)
                : "# T\n\n<!-- gradpath: check n.nn -->\n\n$$\n" + rows + "\n$$\n";
        promise("md", doc);
    }

    @Property
    void latex(@ForAll("rows") String rows, @ForAll boolean mutate, @ForAll("edits") List<Mutations.Edit> edits) {
        String doc = mutate ? Mutations.apply(seeds.get(2), edits)
                : "\\documentclass{article}\n\\begin{document}\n% gradpath: check n.nn\n\\begin{align}\n" + rows
                        + "\n\\end{align}\n\\end{document}\n";
        promise("tex", doc);
    }

    @Provide
    Arbitrary<List<Mutations.Edit>> edits() {
        return Mutations.edits(TEX);
    }
}
