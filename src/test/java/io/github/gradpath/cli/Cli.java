package io.github.gradpath.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs the CLI in-process, as a user would from a shell (as Main builds it), capturing both streams. */
final class Cli {
    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        return runWithStdin("", args);
    }

    static Result runWithStdin(String stdin, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = CommandFactory.create(new PrintWriter(out), new PrintWriter(err),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private Cli() {}
}
