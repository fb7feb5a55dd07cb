package io.github.gradpath.diag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects errors and warnings of one run. Every pipeline stage takes it and reports into it; the driver stops
 * between stages when it holds an error, and prints it in one place.
 */
public final class Diagnostics {
    /** Printed at most: one mistake in an indexed rule is met once per value of the index. */
    public static final int SHOWN = 20;

    private final List<Diagnostic> all = new ArrayList<>();
    /** The same message at the same place (a rule instantiated 1,000 times) is kept once. */
    private final Set<List<Object>> seen = new HashSet<>();
    private boolean errors;

    public void error(Source source, Pos pos, String message) {
        add(new Diagnostic(Diagnostic.Severity.ERROR, source, pos, message));
    }

    public void warning(Source source, Pos pos, String message) {
        add(new Diagnostic(Diagnostic.Severity.WARNING, source, pos, message));
    }

    private void add(Diagnostic d) {
        if (!seen.add(List.of(d.severity(), d.source() == null ? "" : d.source().name(), d.pos(), d.message()))) return;
        if (d.severity() == Diagnostic.Severity.ERROR) errors = true;
        all.add(d);
    }

    /** Everything {@code other} holds, in its order, as if reported here (a stage run apart, then kept). */
    public void addAll(Diagnostics other) {
        for (Diagnostic d : other.all) add(d);
    }

    public boolean hasErrors() { return errors; }

    public List<Diagnostic> all() { return Collections.unmodifiableList(all); }

    public List<Diagnostic> errors() {
        return all.stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).toList();
    }

    /**
     * Everything reported, in order, in the {@code file:line:col} form: the first {@link #SHOWN}, then a count of
     * the rest (as compilers do), so one mistake never floods the terminal.
     */
    public String format() {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(all.size(), SHOWN);
        for (int i = 0; i < n; i++) sb.append(all.get(i).format());
        if (all.size() > n) {
            long errs = all.stream().skip(n).filter(d -> d.severity() == Diagnostic.Severity.ERROR).count();
            long warns = all.size() - n - errs;
            sb.append("gradpath: and ").append(all.size() - n).append(" more (");
            if (errs > 0) sb.append(errs).append(errs == 1 ? " error" : " errors");
            if (errs > 0 && warns > 0) sb.append(", ");
            if (warns > 0) sb.append(warns).append(warns == 1 ? " warning" : " warnings");
            sb.append(") not shown\n");
        }
        return sb.toString();
    }
}
