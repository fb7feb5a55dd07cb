package io.github.gradpath.batch;

import io.github.gradpath.derive.Form;
import io.github.gradpath.derive.Layout;
import io.github.gradpath.render.Format;
import io.github.gradpath.render.Style;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plugin's {@code expand}/{@code layout}: exactly what {@code derive --expand --layout} prints. */
class DocsGeneratorExpandTest {
    @Test
    void writesWhatTheCliWrites(@TempDir Path dir) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.copy(Path.of("samples", "highway.nn"), src.resolve("highway.nn"));
        for (Layout l : Layout.values()) {
            Path out = dir.resolve("out-" + l);
            DocsGenerator.Settings s = new DocsGenerator.Settings(Form.ADJOINT, Format.RST, "en", null, null, 10_000,
                    false, Style.DEFAULT, l);
            DocsGenerator.Outcome o = new DocsGenerator(s).run(src, List.of(Path.of("highway.nn")), out);
            assertEquals(0, o.failed(), o.errors());
            String text = Files.readString(out.resolve("highway.rst"));
            String cli = DocsGeneratorTest.cli("derive", "--expand", "--layout", l.name().toLowerCase(java.util.Locale.ROOT),
                    "--form", "adjoint", src.resolve("highway.nn").toString());
            assertEquals(cli, text);
            assertTrue(text.contains(l == Layout.NUMERATOR ? "{\\bm x}\\times" : "{\\bm x}^\\top"), text);
        }
    }

    @Test
    void aSymbolicNetworkIsWrittenAsTheCliWritesIt(@TempDir Path dir) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("stack.nn"), DocsGeneratorTest.SYMBOLIC);
        for (Layout l : Layout.values()) {
            DocsGenerator.Settings s = new DocsGenerator.Settings(Form.FACTORED, Format.RST, "en", null, null, 10_000,
                    false, Style.DEFAULT, l);
            Path out = dir.resolve("out-" + l);
            DocsGenerator.Outcome o = new DocsGenerator(s).run(src, List.of(Path.of("stack.nn")), out);
            assertEquals(0, o.failed(), o.errors());
            String text = Files.readString(out.resolve("stack.rst"));
            assertEquals(DocsGeneratorTest.cli("derive", "--expand", "--layout", l.name().toLowerCase(java.util.Locale.ROOT),
                    src.resolve("stack.nn").toString()), text);
            assertTrue(text.contains("For :math:`n=0, 1, \\cdots, L-1`, :math:`{\\bm z}_n = {\\bm W}_n{\\bm x}_n`."), text);
        }
    }

    @Test
    void aTwoNodeStepIsWrittenAsTheCliWritesIt(@TempDir Path dir) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        // a step of two nodes: the factored row names ∂z_T/∂W, a tensor defined by a row into a case; it was the
        // refused example here, and is now written out (symbolic/TwoNodeStepExpandTest has its rows by hand)
        Files.writeString(src.resolve("bs.nn"), io.github.gradpath.symbolic.TwoNodeStepExpandTest.NET);
        DocsGenerator.Settings s = new DocsGenerator.Settings(Form.FACTORED, Format.RST, "en", null, null, 10_000,
                false, Style.DEFAULT, Layout.NUMERATOR);
        DocsGenerator.Outcome o = new DocsGenerator(s).run(src, List.of(Path.of("bs.nn")), dir.resolve("out"));
        assertEquals(0, o.failed(), o.errors());
        String text = Files.readString(dir.resolve("out").resolve("bs.rst"));
        assertEquals(DocsGeneratorTest.cli("derive", "--expand", src.resolve("bs.nn").toString()), text);
        assertTrue(text.contains("\\sum_{i=1}^{T-2}"), text);
    }
}
