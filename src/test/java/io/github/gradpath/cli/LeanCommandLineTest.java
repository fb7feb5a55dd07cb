package io.github.gradpath.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Main builds only the subcommand its arguments name (start-up time); every command line must behave exactly as
 * with the full command tree: same exit code, same output, same errors.
 */
class LeanCommandLineTest {
    private record Run(int code, String out, String err) {}

    private static Run run(boolean lean, String[] args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        var stdin = new ByteArrayInputStream("network S { input x; y = a(w x); loss L(y); }".getBytes());
        var cl = lean ? CommandFactory.create(new PrintWriter(out), new PrintWriter(err), stdin, args)
                : CommandFactory.create(new PrintWriter(out), new PrintWriter(err), stdin);
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "--version", "-V", "--help", "", "help derive", "deriv samples/resblock.nn", "--version derive",
            "derive samples/chapter-skip-6.nn", "derive --form adjoint samples/chapter-skip-6.nn",
            "derive samples/chapter-skip.nn", "derive -", "derive --help", "derive --version", "derive",
            "derive --bogus samples/resblock.nn", "derive samples/resblock.nn --form nope",
            "derive samples/no-such-file.nn", "derive samples/resblock.nn --wrt w_9",
            "paths --count samples/chapter-skip-6.nn", "graph samples/resblock.nn", "check", "check --help",
            "verify samples/resblock.nn", "verify"})
    void sameAsTheFullTree(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        Run full = run(false, args), lean = run(true, args);
        assertEquals(full, lean, line);
    }
}
