package io.github.gradpath.symbolic;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code gradpath derive} on the samples, byte for byte. The golden files in src/test/resources/golden were read
 * by eye beside the chapter's blocks (equ-NetForwardPropagation_NHiddenLayers1SkipConnnection,
 * equ-ClassicalNetGradientPropagation_NHiddenLayers, equ-NetGradientPropagation_NHiddenLayers1SkipConnnection and
 * the two cases after it); the README lists the differences that remain. rnn-last-symbolic.rst was read beside d2l §9.7's unrolled
 * ∂h_t/∂w_h (a sum over i of a product of one-step Jacobians from i+1 to t). Regenerate one with the command in its
 * row, and read it again before committing.
 */
class GoldenTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "samples/chapter-skip.nn      |                            | chapter-skip.rst",
            "samples/chapter-skip.nn      | --lang zh                  | chapter-skip.zh.rst",
            "samples/chapter-skip.nn      | --forward                  | chapter-skip.forward.rst",
            "samples/chapter-skip.nn      | --lang zh --format myst    | chapter-skip.zh.md",
            "samples/chapter-skip.nn      | --format latex             | chapter-skip.tex",
            "samples/chapter-plain.nn     |                            | chapter-plain.rst",
            "samples/residual-symbolic.nn |                            | residual-symbolic.rst",
            "samples/residual-symbolic.nn | --wrt x_0                  | residual-symbolic.x0.rst",
            "samples/residual-symbolic.nn | --forward                  | residual-symbolic.forward.rst",
            "samples/rnn-last-symbolic.nn |                            | rnn-last-symbolic.rst",
            "samples/rnn-last-symbolic.nn | --form adjoint             | rnn-last-symbolic.adjoint.rst",
    })
    void deriveMatchesGolden(String sample, String options, String golden) throws IOException {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("derive", sample));
        if (options != null) args.addAll(java.util.List.of(options.trim().split("\\s+")));
        Fixtures.Run r = Fixtures.cli("", args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        assertEquals(read(golden), r.out());
    }

    private static String read(String name) throws IOException {
        try (InputStream in = GoldenTest.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) throw new IOException("no golden file " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
