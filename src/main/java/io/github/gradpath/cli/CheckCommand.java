package io.github.gradpath.cli;

import io.github.gradpath.check.CheckReport;
import io.github.gradpath.check.DocumentChecker;
import io.github.gradpath.check.Finding;
import io.github.gradpath.diag.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check the gradient equations of a document (RST, MyST Markdown or LaTeX) against a network.",
                "Prints one line per finding, DOC:LINE: error: ... or DOC:LINE: warning: ..., then 'N checked, M wrong'.",
                "Exit 0 when every checked row is right, 1 when one is wrong or unreadable, 2 when an input cannot be read."})
public final class CheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DOC", arity = "1..*",
            description = "The documents: .rst (or any other extension), .md, .tex. With several, each summary line"
                    + " starts with its document's name; the exit code is the worst.")
    List<Path> documents;

    @Option(names = "--network", paramLabel = "NET",
            description = "Check every block against this network; without it, a comment `.. gradpath: check NET`"
                    + " before a block names its network (relative to the document's folder).")
    Path network;

    @Option(names = "--label", paramLabel = "LABEL", description = "Check only the block with this label.")
    String label;

    @Option(names = "--strict", description = "Warnings (Sphinx lint, math not checked) fail the check too.")
    boolean strict;

    @Option(names = {"-v", "--verbose"}, description = "Also list every row read with its verdict (DOC:LINE: ok) and"
            + " every piece of math skipped on purpose (DOC:LINE: note: ...).")
    boolean verbose;

    @Option(names = "--partials", paramLabel = "total|immediate",
            description = "A plain ∂u/∂v between neighbours on a right side is the total derivative (default) or the"
                    + " single edge (immediate).")
    String partials;

    @Option(names = "--order", paramLabel = "output-first|input-first",
            description = "The order of the factors of a chain (default output-first).")
    String order;

    @Option(names = "--layout", paramLabel = "numerator|denominator",
            description = "Gradients as rows (numerator, default) or columns (denominator: chains read input-first).")
    String layout;

    @Option(names = "--scalar", description = "Every value is a number: products commute.")
    boolean scalar;

    @Option(names = "--alias", paramLabel = "DOC:NET[,DOC:NET...]",
            description = "The document's names for the network's, e.g. \\theta:W,E_t:l_t.")
    String alias;

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
