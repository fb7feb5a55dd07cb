package io.github.gradpath.diag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects errors and warnings of one run. Every pipeline stage takes it and reports into it; the driver stops
 * between stages when it holds an error, and prints it in one place.
 */
public final class Diagnostics {
    private final List<Diagnostic> all = new ArrayList<>();

    public void error(Source source, Pos pos, String message) {
        all.add(new Diagnostic(Diagnostic.Severity.ERROR, source, pos, message));
    }

    public void warning(Source source, Pos pos, String message) {
        all.add(new Diagnostic(Diagnostic.Severity.WARNING, source, pos, message));
    }

    public boolean hasErrors() {
        return all.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
    }

    public List<Diagnostic> all() { return Collections.unmodifiableList(all); }

    public List<Diagnostic> errors() {
        return all.stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).toList();
    }

    /** Everything reported, in order, in the {@code file:line:col} form. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : all) sb.append(d.format());
        return sb.toString();
    }
}
