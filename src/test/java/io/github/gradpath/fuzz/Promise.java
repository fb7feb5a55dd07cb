package io.github.gradpath.fuzz;

import io.github.gradpath.cli.CommandFactory;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The promise every input is held to (issue 13): an exit code among the expected ones, never 3; no exception or
 * error escaping the CLI (a StackOverflowError or OutOfMemoryError fails the property); exit 2 only with a
 * positioned message; and a time bound.
 */
final class Promise {
    private Promise() {}

    /** Per input; generous because the test machine is shared, yet far under what a hang or a blow-up takes. */
    static final long MAX_MILLIS = 10_000;

    record Run(int code, String out, String err, long millis) {}

    static Run cli(byte[] stdin, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        long start = System.nanoTime();
        int code = CommandFactory.create(new PrintWriter(out), new PrintWriter(err), new ByteArrayInputStream(stdin))
                .execute(args);
        return new Run(code, out.toString(), err.toString(), (System.nanoTime() - start) / 1_000_000);
    }

    static Run cli(String stdin, String... args) {
        return cli(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    /**
     * Holds {@code r} to the promise; {@code positioned} is what a first error line must look like ({@code
     * <stdin>:L:C: error:}), {@code unpositioned} the few run-wide errors that have no place in a file.
     */
    static void check(Run r, Set<Integer> allowed, Pattern positioned, String input) {
        String where = "\n--- input ---\n" + input + "\n--- stderr ---\n" + r.err();
        if (r.code() == 3 || !allowed.contains(r.code())) throw new AssertionError("exit " + r.code() + where);
        if (r.err().contains("internal error") || r.err().contains("Exception") || r.err().contains("\tat ")) {
            throw new AssertionError("internal error or trace" + where);
        }
        if (r.millis() > MAX_MILLIS) throw new AssertionError("took " + r.millis() + " ms" + where);
        if (r.code() == 2) {
            String first = r.err().lines().findFirst().orElse("");
            if (!positioned.matcher(first).lookingAt() && !UNPOSITIONED.matcher(first).lookingAt()) {
                throw new AssertionError("exit 2 without a positioned message" + where);
            }
        }
    }

    /**
     * Errors about the whole run, not a place in the input: a size limit of the chosen form, or an option that
     * does not fit this network (a usage error, with the usage hint).
     */
    static final Pattern UNPOSITIONED = Pattern.compile("gradpath: error: (the (factored|paths) form |--|invalid value)");
}
