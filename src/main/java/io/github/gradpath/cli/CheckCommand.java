package io.github.gradpath.cli;

import io.github.gradpath.check.CheckReport;
import io.github.gradpath.check.DocumentChecker;
import io.github.gradpath.check.Finding;
import io.github.gradpath.diag.InputException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code gradpath check}: the gradient equations of documents checked against a network. */
public final class CheckCommand implements Callable<Integer> {
    CommandLine.Model.CommandSpec spec;
    List<Path> documents;
    Path network;
    String label;
    boolean strict;
    boolean verbose;
    String partials;
    String order;
    String layout;
    boolean scalar;
    String alias;

    /** The command and its model (see {@link CommandModel}: no annotation is read). */
    static CommandLine.Model.CommandSpec spec() {
        CheckCommand c = new CheckCommand();
        CommandModel m = new CommandModel(c, "check",
                "Check the gradient equations of a document (RST, MyST Markdown or LaTeX) against a network.",
                "Prints one line per finding, DOC:LINE: error: ... or DOC:LINE: warning: ..., then 'N checked, M wrong'.",
                "Exit 0 when every checked row is right, 1 when one is wrong or unreadable, 2 when an input cannot be read.");
        m.positionals("DOC", Path.class, () -> c.documents, v -> c.documents = v).arity("1..*")
                .description("The documents: .rst (or any other extension), .md, .tex. With several, each summary line"
                        + " starts with its document's name; the exit code is the worst.");
        m.option("NET", Path.class, () -> c.network, v -> c.network = v, "--network")
                .description("Check every block against this network; without it, a comment `.. gradpath: check NET`"
                        + " before a block names its network (relative to the document's folder).");
        m.option("LABEL", String.class, () -> c.label, v -> c.label = v, "--label")
                .description("Check only the block with this label.");
        m.flag(() -> c.strict, v -> c.strict = v, "<strict>", "--strict")
                .description("Warnings (Sphinx lint, math not checked) fail the check too.");
        m.flag(() -> c.verbose, v -> c.verbose = v, "<verbose>", "-v", "--verbose")
                .description("Also list every row read with its verdict (DOC:LINE: ok) and"
                        + " every piece of math skipped on purpose (DOC:LINE: note: ...).");
        m.option("total|immediate", String.class, () -> c.partials, v -> c.partials = v, "--partials")
                .description("A plain ∂u/∂v between neighbours on a right side is the total derivative (default) or the"
                        + " single edge (immediate).");
        m.option("output-first|input-first", String.class, () -> c.order, v -> c.order = v, "--order")
                .description("The order of the factors of a chain (default output-first).");
        m.option("numerator|denominator", String.class, () -> c.layout, v -> c.layout = v, "--layout")
                .description("Gradients as rows (numerator, default) or columns (denominator: chains read input-first).");
        m.flag(() -> c.scalar, v -> c.scalar = v, "<scalar>", "--scalar")
                .description("Every value is a number: products commute.");
        m.option("DOC:NET[,DOC:NET...]", String.class, () -> c.alias, v -> c.alias = v, "--alias")
                .description("The document's names for the network's, e.g. \\theta:W,E_t:l_t.");
        c.spec = m.build();
        return c.spec;
    }

    @Override
    public Integer call() {
        int code = CommandFactory.OK;
        for (Path document : documents) {
            int c;
            try {
                c = check(document, documents.size() > 1);
            } catch (InputException e) {
                if (documents.size() == 1) throw e;
                spec.commandLine().getErr().print(e.diagnostics().format());
                spec.commandLine().getErr().flush();
                c = CommandFactory.BAD_INPUT;
            }
            code = Math.max(code, c);
        }
        return code;
    }

    private int check(Path document, boolean named) {
        java.util.List<String> conv = new java.util.ArrayList<>();
        if (partials != null) conv.add("partials=" + partials);
        if (order != null) conv.add("order=" + order);
        if (layout != null) conv.add("layout=" + layout);
        if (scalar) conv.add("scalar");
        if (alias != null) conv.add("alias=" + alias);
        CheckReport report;
        try {
            report = DocumentChecker.check(document, network, label, conv);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (verbose) report.verbose().forEach(out::println);
        else for (Finding f : report.findings()) out.println(f.format());
        out.println(named ? document + ": " + report.summary() : report.summary());
        out.flush();
        if (report.checked() == 0 && network == null) {
            // Nothing named a network: say so, or a typo in a comment would look like a clean document.
            spec.commandLine().getErr().println(document + ": warning: nothing was checked: no block names a network"
                    + " (give --network NET, or put `.. gradpath: check NET` before a block)");
            spec.commandLine().getErr().flush();
        }
        return report.failed(strict) ? CommandFactory.CHECK_FAILED : CommandFactory.OK;
    }
}
