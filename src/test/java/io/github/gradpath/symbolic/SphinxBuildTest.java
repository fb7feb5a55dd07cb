package io.github.gradpath.symbolic;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The symbolic blocks in a real Sphinx build with warnings as errors: the math directives parse, {@code \bm} is
 * configured (samples/symbolic-book/conf.py), and every {@code :eq:} reference in the sample book resolves to a
 * label gradpath wrote. Skipped where Sphinx is missing, except in CI ({@code CI=true}), where that is a failure.
 */
class SphinxBuildTest {
    @TempDir
    Path dir;

    @Test
    void symbolicBlocksBuildUnderSphinxWithEquationReferencesResolved() throws Exception {
        String sphinx = sphinxBuild();
        Path book = Path.of("samples/symbolic-book");
        Files.copy(book.resolve("conf.py"), dir.resolve("conf.py"));
        Files.copy(book.resolve("index.rst"), dir.resolve("index.rst"));
        write("forward-skip.inc", "samples/chapter-skip.nn", "--forward");
        write("plain.inc", "samples/chapter-plain.nn");
        write("skip.inc", "samples/chapter-skip.nn");
        write("residual.inc", "samples/residual-symbolic.nn");
        write("skip-zh.inc", "samples/chapter-skip.nn", "--lang", "zh", "--label", "grad-ForwardSkip-zh");
        for (String builder : List.of("html", "latex")) {
            Result r = run(sphinx, "-W", "-q", "-b", builder, dir.toString(), dir.resolve("_build/" + builder).toString());
            assertEquals(0, r.exit, builder + ": " + r.output);
        }
        String tex = Files.readString(dir.resolve("_build/latex").resolve(texName()), StandardCharsets.UTF_8);
        assertTrue(tex.contains("\\usepackage{bm}") && tex.contains("\\label{"), "bm and labels reach LaTeX");

        // Control: the same build with a reference to a label nobody wrote must fail, or the check above proves nothing.
        Files.writeString(dir.resolve("index.rst"), Files.readString(dir.resolve("index.rst")) + "\n:eq:`grad-Nowhere`\n");
        Result bad = run(sphinx, "-W", "-q", "-b", "html", dir.toString(), dir.resolve("_build/bad").toString());
        assertNotEquals(0, bad.exit, bad.output);
    }

    private String texName() throws IOException {
        try (var s = Files.list(dir.resolve("_build/latex"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tex")).findFirst().orElseThrow();
        }
    }

    private void write(String name, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("derive"));
        all.addAll(List.of(args));
        all.addAll(List.of("-o", dir.resolve(name).toString()));
        Fixtures.Run r = Fixtures.cli("", all.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
    }

    private static String sphinxBuild() {
        for (String p : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!p.isEmpty() && Files.isExecutable(Path.of(p, "sphinx-build"))) return Path.of(p, "sphinx-build").toString();
        }
        if ("true".equals(System.getenv("CI"))) fail("sphinx-build is not installed (CI=true): apt-get install python3-sphinx");
        Assumptions.abort("sphinx-build is not installed");
        return null;
    }

    private record Result(int exit, String output) {}

    private static Result run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("sphinx-build did not finish");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
