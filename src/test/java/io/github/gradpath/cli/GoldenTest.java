package io.github.gradpath.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Outputs fixed after reading them row by row against the chapter's notation (and against the path sums by
 * hand): a change in any byte must be looked at again.
 */
class GoldenTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "resblock.rst            | derive samples/resblock.nn",
            "residual-stack-x0.rst   | derive samples/residual-stack.nn --wrt x_0,W_0 --label he-units",
            "resblock-adjoint.rst    | derive samples/resblock.nn --form adjoint",
            "resblock-paths.md       | derive samples/resblock.nn --form paths --format myst",
            "resblock-w0.tex         | derive samples/resblock.nn --format latex --wrt w_0",
    })
    void matchesGolden(String golden, String args) throws Exception {
        Cli.Result r = Cli.run(args.trim().split("\\s+"));
        assertEquals(0, r.code(), r.err());
        assertEquals(read(golden.trim()), r.out());
    }

    static String read(String name) throws Exception {
        try (InputStream in = GoldenTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
