package io.github.gradpath.render;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.github.gradpath.render.ChapterStyleTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every formula gradpath writes, for every sample, form and style choice (GFM math and LaTeX's, which sets case
 * definitions as displays), rendered by KaTeX under node. KaTeX comes from {@code npm install --prefix DIR katex};
 * DIR is given by {@code -Dgradpath.katex=DIR} or {@code GRADPATH_KATEX=DIR} (as {@code .ci/run} does). Without it
 * the test is skipped, except under {@code CI=true}, where that fails.
 */
class KatexTest {
    private static Path katex;

    @BeforeAll
    static void findKatex() {
        String dir = System.getProperty("gradpath.katex", System.getenv("GRADPATH_KATEX"));
        boolean ok = dir != null && Files.isDirectory(Path.of(dir, "node_modules", "katex"));
        if (!ok && "true".equals(System.getenv("CI"))) {
            fail("KaTeX not found (GRADPATH_KATEX=" + dir + "): CI must run this test; see .ci/run");
        }
        Assumptions.assumeTrue(ok, "KaTeX not installed: set GRADPATH_KATEX to an npm prefix holding katex");
        katex = Path.of(dir);
    }

    /** The style variations: each choice once, on top of the default and of the chapter style. */
    static final List<List<String>> STYLES = List.of(List.of(), List.of("--style", "chapter"),
            List.of("--bold", "bm"), List.of("--bold", "mathbf"), List.of("--bold", "none"),
            List.of("--product", "cdot"), List.of("--product", "juxtapose"), List.of("--identity", "last"),
            List.of("--style", "chapter", "--bold", "boldsymbol", "--product", "juxtapose"));

    static final Pattern DISPLAY = Pattern.compile("\\$\\$\\n(.*?)\\n\\$\\$", Pattern.DOTALL);
    static final Pattern INLINE = Pattern.compile("(?<!\\$)\\$([^$\\n]+)\\$(?!\\$)");
    static final Pattern TEX_DISPLAY = Pattern.compile("\\\\begin\\{aligned}.*?\\\\end\\{aligned}", Pattern.DOTALL);
    static final Pattern TEX_INLINE = Pattern.compile("\\\\\\((.*?)\\\\\\)");

    record Formula(String tex, boolean display, String from) {}

    static List<Formula> formulas() throws IOException {
        Map<String, Formula> all = new LinkedHashMap<>();
        List<Path> samples;
        try (Stream<Path> s = Files.list(Path.of("samples"))) {
            samples = s.filter(p -> p.toString().endsWith(".nn")).sorted().toList();
        }
        assertTrue(samples.size() >= 9, samples.toString());
        for (Path sample : samples) {
            for (List<String> style : STYLES) {
                for (String form : List.of("factored", "paths", "adjoint", "forward", "expand-numerator", "expand-denominator",
                        "expand-adjoint-denominator")) {
                    // LaTeX differs from GFM only in its case definitions, which only the factored form has.
                    for (String format : form.equals("factored") ? List.of("gfm", "latex") : List.of("gfm")) {
                        List<String> args = new ArrayList<>(List.of("derive", sample.toString(), "--format", format));
                        args.addAll(form.equals("forward") ? List.of("--forward")
                                : form.equals("expand-adjoint-denominator") ? List.of("--expand", "--layout", "denominator", "--form", "adjoint")
                                : form.startsWith("expand-") ? List.of("--expand", "--layout", form.substring(7))
                                : List.of("--form", form));
                        args.addAll(style);
                        ChapterStyleTest.Run r = cli(args.toArray(String[]::new));
                        String from = String.join(" ", args);
                        if (r.exit() != 0) {
                            // Only the symbolic samples refuse a form, and only paths and adjoint; --expand also the
                            // one whose weight gradient is left a tensor (rnn-last-symbolic).
                            boolean refused = r.err().contains("symbolic indices") && !form.equals("factored") && !form.equals("forward");
                            boolean notExpanded = form.startsWith("expand-") && r.err().contains("expanded in general form");
                            assertTrue(refused || notExpanded, from + ": " + r.err());
                            continue;
                        }
                        boolean gfm = format.equals("gfm");
                        Matcher d = (gfm ? DISPLAY : TEX_DISPLAY).matcher(r.out());
                        while (d.find()) all.putIfAbsent(d.group(gfm ? 1 : 0), new Formula(d.group(gfm ? 1 : 0), true, from));
                        Matcher i = (gfm ? INLINE : TEX_INLINE).matcher(r.out());
                        while (i.find()) all.putIfAbsent(i.group(1), new Formula(i.group(1), false, from));
                    }
                }
            }
        }
        return new ArrayList<>(all.values());
    }

    static ProcessResult render(List<Formula> fs, Path dir) throws Exception {
        StringBuilder json = new StringBuilder("[");
        for (Formula f : fs) {
            if (json.length() > 1) json.append(",\n");
            json.append("{\"tex\":").append(str(f.tex())).append(",\"display\":").append(f.display())
                    .append(",\"from\":").append(str(f.from())).append('}');
        }
        json.append("]");
        Path data = dir.resolve("formulas.json");
        Files.writeString(data, json, StandardCharsets.UTF_8);
        Path script = dir.resolve("render.js");
        try (InputStream in = KatexTest.class.getResourceAsStream("/katex/render.js")) {
            Files.write(script, in.readAllBytes());
        }
        Process p = new ProcessBuilder("node", script.toString(), katex.toString(), data.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new ProcessResult(p.waitFor(), out);
    }

    record ProcessResult(int exit, String out) {}

    static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    @Test
    void everyFormulaRenders(@TempDir Path dir) throws Exception {
        List<Formula> fs = formulas();
        assertTrue(fs.size() > 100, "only " + fs.size() + " formulas");
        ProcessResult r = render(fs, dir);
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("rendered " + fs.size() + " of " + fs.size()), r.out());
    }

    @Test
    void controlABrokenFormulaFails(@TempDir Path dir) throws Exception {
        // KaTeX really is run, strictly: an unknown macro and a missing argument are caught.
        ProcessResult r = render(List.of(new Formula("\\frac{\\partial L}", true, "control"),
                new Formula("{\\bmx h}_1", false, "control")), dir);
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("rendered 0 of 2"), r.out());
    }
}
