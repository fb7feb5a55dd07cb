package io.github.gradpath.cli;

import io.github.gradpath.derive.Deriver;
import io.github.gradpath.diag.InputException;
import picocli.CommandLine;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Wires the error policy in one place: usage errors exit 2 with the usage hint, input errors print their
 * {@code file:line:col} diagnostics and exit 2, anything unexpected prints one line and exits 3. No stack trace
 * reaches a user.
 */
public final class CommandFactory {
    public static final int OK = 0;
    public static final int CHECK_FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int INTERNAL = 3;

    private CommandFactory() {}

    public static CommandLine create() {
        // The file descriptor, not System.out: PrintStream swallows write errors, so a closed pipe (`| head`) or a
        // full device would never be seen, and `paths` would enumerate forever.
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(
                new java.io.FileOutputStream(java.io.FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16), false);
        return create(out,
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), System.in);
    }

    public static CommandLine create(PrintWriter out, PrintWriter err, InputStream stdin) {
        CommandLine cl = new CommandLine(new GradpathCommand(stdin));
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("gradpath: error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            c.getErr().flush();
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (ex instanceof InputException ie) {
                c.getErr().print(ie.diagnostics().format());
            } else if (ex instanceof Deriver.TooLarge || ex instanceof AtomicWriter.Failure
                    || ex instanceof Output.StdoutFailed) {
                c.getErr().println("gradpath: error: " + ex.getMessage());
            } else {
                c.getErr().println("gradpath: internal error: " + ex + " (please report this with the input)");
                c.getErr().flush();
                return INTERNAL;
            }
            c.getErr().flush();
            return BAD_INPUT;
        });
        return cl;
    }
}
