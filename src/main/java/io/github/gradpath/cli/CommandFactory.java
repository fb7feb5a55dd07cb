package io.github.gradpath.cli;

import io.github.gradpath.derive.Deriver;
import io.github.gradpath.diag.InputException;
import picocli.CommandLine;

import java.io.InputStream;
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

    /** The command line for {@code args} on the process's streams. */
    public static CommandLine create(String[] args) {
        // The file descriptor, not System.out: PrintStream swallows write errors, so a closed pipe (`| head`) or a
        // full device would never be seen, and `paths` would enumerate forever.
        PrintWriter out = Output.Stdout.open();
        return create(out, new PrintWriter(System.err, true, StandardCharsets.UTF_8), System.in, args);
    }

    /** The subcommands' names, in the order of the usage's command list. */
    static final java.util.List<String> COMMANDS = java.util.List.of("derive", "paths", "graph", "check", "verify",
            "batch");

    /** Every subcommand, for callers that execute more than one command line. */
    public static CommandLine create(PrintWriter out, PrintWriter err, InputStream stdin) {
        GradpathCommand root = new GradpathCommand(stdin);
        CommandLine cl = new CommandLine(root.spec());
        for (String name : COMMANDS) cl.addSubcommand(new CommandLine(subcommand(name, root)));
        // picocli's own commands, from their annotations: only the full tree (help, no command, a typo) has them.
        cl.addSubcommand(new picocli.AutoComplete.GenerateCompletion());
        cl.addSubcommand(new CommandLine.HelpCommand());
        return configure(cl, out, err);
    }

    /**
     * Only what {@code args} needs: when {@code args} starts with a subcommand's name (or is just
     * {@code --version}) only that command's model is built. The result must be executed with these
     * {@code args}: anything else (no arguments, {@code --help}, {@code help}, an unknown command) gets the full
     * tree, so usage, suggestions and errors are unchanged.
     */
    public static CommandLine create(PrintWriter out, PrintWriter err, InputStream stdin, String[] args) {
        if (args.length == 0) return create(out, err, stdin);
        boolean version = args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
        if (!version && !COMMANDS.contains(args[0])) return create(out, err, stdin);
        GradpathCommand root = new GradpathCommand(stdin);
        CommandLine cl = new CommandLine(root.spec());
        if (!version) cl.addSubcommand(new CommandLine(subcommand(args[0], root)));
        return configure(cl, out, err);
    }

    /** The model of the subcommand {@code name}, its command bound to {@code root}. */
    private static CommandLine.Model.CommandSpec subcommand(String name, GradpathCommand root) {
        return switch (name) {
            case "derive" -> DeriveCommand.spec(root);
            case "paths" -> PathsCommand.spec(root);
            case "graph" -> GraphCommand.spec(root);
            case "check" -> CheckCommand.spec();
            case "verify" -> VerifyCommand.spec(root);
            case "batch" -> BatchCommand.spec(root);
            default -> throw new IllegalArgumentException(name);
        };
    }

    static java.nio.file.Path path(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new CommandLine.TypeConversionException("a file name cannot contain a NUL character");
        }
        try {
            return java.nio.file.Path.of(name);
        } catch (java.nio.file.InvalidPathException e) {
            throw new CommandLine.TypeConversionException("not a file name: " + e.getReason());
        }
    }

    private static CommandLine configure(CommandLine cl, PrintWriter out, PrintWriter err) {
        cl.setOut(out);
        cl.setErr(err);
        // picocli's own Path conversion puts the JDK's exception into the message ("cannot convert ' ' to
        // interface java.nio.file.Path (java.nio.file.InvalidPathException: Nul character not allowed"; found by
        // src/bench/campaign.sh): say what is wrong with the name instead.
        cl.registerConverter(java.nio.file.Path.class, new PathConverter());
        cl.setParameterExceptionHandler(new UsageErrors());
        cl.setExecutionExceptionHandler(new Failures());
        return cl;
    }

    // The three below are classes, not lambdas, for the class-data-sharing archive (src/build/cds.sh): a lambda
    // implementing one of picocli's interfaces (Java 5 class files) links the interface while the archive is dumped,
    // and the JDK then leaves the interface, and every class implementing it, out of the archive.

    private static final class PathConverter implements CommandLine.ITypeConverter<java.nio.file.Path> {
        @Override
        public java.nio.file.Path convert(String value) {
            return path(value);
        }
    }

    /** A usage error: the message, picocli's suggestions, the usage hint; exit 2. */
    private static final class UsageErrors implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("gradpath: error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            c.getErr().flush();
            return BAD_INPUT;
        }
    }

    /** What a command throws: bad input exits 2 with its diagnostics, anything else is a bug (exit 3). */
    private static final class Failures implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine c, CommandLine.ParseResult parseResult) {
            if (ex instanceof InputException ie) {
                c.getErr().print(ie.diagnostics().format());
            } else if (ex instanceof Deriver.TooLarge || ex instanceof AtomicWriter.Failure
                    || ex instanceof Output.StdoutFailed) {
                c.getErr().println("gradpath: error: " + ex.getMessage());
            } else if (ex instanceof java.nio.file.InvalidPathException ip) {
                // A name an option takes as a String and makes a path of later (--style FILE): the user's mistake,
                // not a bug (`--style <NUL>` was exit 3; found by src/bench/campaign.sh).
                c.getErr().println("gradpath: error: " + (ip.getInput().indexOf('\0') >= 0
                        ? "a file name cannot contain a NUL character" : "not a file name: " + ip.getReason()));
            } else {
                c.getErr().println("gradpath: internal error: " + ex + " (please report this with the input)");
                c.getErr().flush();
                return INTERNAL;
            }
            c.getErr().flush();
            return BAD_INPUT;
        }
    }
}
