package io.github.gradpath.cli;

import io.github.gradpath.derive.Deriver;
import io.github.gradpath.diag.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

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

    /** The command line for {@code args} on the process's streams. */
    public static CommandLine create(String[] args) {
        // The file descriptor, not System.out: PrintStream swallows write errors, so a closed pipe (`| head`) or a
        // full device would never be seen, and `paths` would enumerate forever.
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(
                new java.io.FileOutputStream(java.io.FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16), false);
        return create(out, new PrintWriter(System.err, true, StandardCharsets.UTF_8), System.in, args);
    }

    /** Every subcommand, for callers that execute more than one command line. */
    public static CommandLine create(PrintWriter out, PrintWriter err, InputStream stdin) {
        return configure(new CommandLine(new GradpathCommand(stdin)), out, err);
    }

    /**
     * Only what {@code args} needs. picocli builds each command's model by reflection, and building all of them
     * was most of a short run's start-up; when {@code args} starts with a subcommand's name (or is just
     * {@code --version}) only that command's model is built. The result must be executed with these
     * {@code args}: anything else (no arguments, {@code --help}, {@code help}, an unknown command) gets the full
     * tree, so usage, suggestions and errors are unchanged.
     */
    public static CommandLine create(PrintWriter out, PrintWriter err, InputStream stdin, String[] args) {
        CommandLine lean = lean(stdin, args);
        return lean != null ? configure(lean, out, err) : create(out, err, stdin);
    }

    private static CommandLine lean(InputStream stdin, String[] args) {
        if (args.length == 0) return null;
        boolean version = args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
        Class<?> sub = version ? null : subcommand(args[0]);
        if (!version && sub == null) return null;
        // The top level built by hand, not from GradpathCommand's annotations: reading annotations spins a proxy
        // class per annotation type, which is most of what `--version` would cost.
        CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.wrapWithoutInspection(
                new GradpathCommand(stdin));
        spec.name("gradpath").versionProvider(new GradpathCommand.Version());
        spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(CommandLine.Model.OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
        CommandLine cl = new CommandLine(spec);
        if (sub != null) {
            try {
                cl.addSubcommand(sub.getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }
        return cl;
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

    /** The subcommand class named {@code name} (not {@code help}, which needs every command), or null. */
    private static Class<?> subcommand(String name) {
        for (Class<?> c : GradpathCommand.class.getAnnotation(Command.class).subcommands()) {
            if (c == CommandLine.HelpCommand.class) continue;
            Command cmd = c.getAnnotation(Command.class);
            if (cmd == null) continue;
            if (cmd.name().equals(name) || java.util.Arrays.asList(cmd.aliases()).contains(name)) return c;
        }
        return null;
    }

    private static CommandLine configure(CommandLine cl, PrintWriter out, PrintWriter err) {
        cl.setOut(out);
        cl.setErr(err);
        // picocli's own Path conversion puts the JDK's exception into the message ("cannot convert ' ' to
        // interface java.nio.file.Path (java.nio.file.InvalidPathException: Nul character not allowed"; found by
        // src/bench/campaign.sh): say what is wrong with the name instead.
        cl.registerConverter(java.nio.file.Path.class, CommandFactory::path);
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
        });
        return cl;
    }
}
