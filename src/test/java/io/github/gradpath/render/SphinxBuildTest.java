package io.github.gradpath.render;

import io.github.gradpath.cli.CommandFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every sample's derivation, in every form, goes through a real {@code sphinx-build -W} (HTML and LaTeX
 * builders) with {@code :eq:} references to its labels. In CI (CI=true) a missing sphinx-build is a failure, not a
 * skip: .ci/run installs it.
 */
class SphinxBuildTest {
    @TempDir
    Path dir;

    @Test
    void samplesBuildUnderSphinxWithWarningsAsErrors() throws Exception {
        boolean haveSphinx = Stream.of(System.getenv("PATH").split(":"))
                .anyMatch(p -> Files.isExecutable(Path.of(p, "sphinx-build")));
        if (!haveSphinx && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("sphinx-build is missing in CI: .ci/run must install python3-sphinx");
        }
        Assumptions.assumeTrue(haveSphinx, "sphinx-build not installed");

        Path src = Files.createDirectories(dir.resolve("src"));
        Path gen = Files.createDirectories(src.resolve("generated"));
        Files.writeString(src.resolve("conf.py"), String.join("\n",
                "project = 'gradpath samples'",
                "extensions = ['sphinx.ext.mathjax']",
                "exclude_patterns = ['generated/*']",
                "mathjax3_config = {'tex': {'macros': {'bm': ['{\\\\boldsymbol #1}', 1]}}}",
                "latex_elements = {'preamble': r'\\usepackage{bm}'}",
                ""));
        StringBuilder index = new StringBuilder("Samples\n=======\n\n");
        List<Path> samples;
        try (Stream<Path> s = Files.list(Path.of("samples"))) {
            samples = s.filter(p -> p.toString().endsWith(".nn")).sorted().toList();
        }
        assertTrue(samples.size() >= 5, "expected the samples directory");
        int n = 0;
        // The styles too: each choice once, on the factored form (the only one with cases and kept factors).
        List<List<String>> styles = List.of(List.of(), List.of("--style", "chapter"),
                List.of("--bold", "mathbf", "--product", "cdot"),
                List.of("--bold", "none", "--product", "juxtapose", "--identity", "last"));
        for (Path sample : samples) {
            for (String variant : List.of("factored", "paths", "adjoint", "factored 1", "factored 2", "factored 3")) {
                String form = variant.split(" ")[0];
                List<String> style = styles.get(variant.contains(" ") ? Integer.parseInt(variant.split(" ")[1]) : 0);
                String label = "eq-" + (n++);
                Path out = gen.resolve(label + ".rst");
                List<String> args = new ArrayList<>(List.of("derive", sample.toString(), "--form", form, "--label",
                        label, "-o", out.toString()));
                args.addAll(style);
                int code = run(args.toArray(String[]::new));
                // Refused by design: the paths form past its term limit, and symbolic networks in other forms.
                boolean symbolic = io.github.gradpath.symbolic.Symbolic.isSymbolic(io.github.gradpath.Pipeline.parse(
                        sample.toString(), System.in, new io.github.gradpath.diag.Diagnostics()));
                if (code == 2 && (form.equals("paths") || symbolic) && !form.equals("factored")) continue;
                assertEquals(0, code, sample + " " + form + " " + style);
                String title = sample.getFileName() + " (" + form + (style.isEmpty() ? "" : " " + String.join(" ", style)) + ")";
                index.append(title).append('\n').append("-".repeat(title.length())).append("\n\n")
                        .append(".. include:: generated/").append(label).append(".rst\n\n")
                        .append("See :eq:`").append(label).append("`");
                if (Files.readString(out).contains(":label: " + label + "-factors")) {
                    index.append(" and :eq:`").append(label).append("-factors`");
                }
                index.append(".\n\n");
            }
        }
        Files.writeString(src.resolve("index.rst"), index.toString());
        for (String builder : List.of("html", "latex")) {
            ProcessBuilder pb = new ProcessBuilder("sphinx-build", "-W", "--keep-going", "-q", "-b", builder,
                    src.toString(), dir.resolve("out-" + builder).toString()).redirectErrorStream(true);
            Process p = pb.start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(5, TimeUnit.MINUTES));
            assertEquals(0, p.exitValue(), builder + " build failed:\n" + log);
        }
        String html = Files.readString(dir.resolve("out-html/index.html"));
        // Resolved :eq: references become links to the numbered equations.
        assertTrue(html.contains("href=\"#equation-eq-0\""), "the :eq: reference did not resolve");
        String tex;
        try (Stream<Path> s = Files.list(dir.resolve("out-latex"))) {
            tex = Files.readString(s.filter(p -> p.toString().endsWith(".tex")).findFirst().orElseThrow());
        }
        assertTrue(tex.contains("\\label{equation:index:eq-0}"), "LaTeX output lacks the label");
        assertTrue(tex.contains("\\eqref{equation:index:eq-0}"), "LaTeX output lacks the reference");
    }

    private static int run(String... args) throws IOException {
        StringWriter err = new StringWriter();
        return CommandFactory.create(new PrintWriter(new StringWriter()), new PrintWriter(err), System.in).execute(args);
    }
}
