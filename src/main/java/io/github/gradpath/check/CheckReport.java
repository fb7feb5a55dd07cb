package io.github.gradpath.check;

import java.util.List;

/**
 * The result of checking one document: every finding in document order, how many gradient rows were checked
 * and how many of them are wrong (unreadable rows count as wrong: they cannot be trusted).
 */
public record CheckReport(List<Finding> findings, int checked, int wrong, List<Trace> traces) {
    public CheckReport {
        findings = List.copyOf(findings);
        traces = List.copyOf(traces);
    }

    public CheckReport(List<Finding> findings, int checked, int wrong) {
        this(findings, checked, wrong, List.of());
    }

    /** Findings and traces in document order (a finding before a trace on the same line): {@code check -v}. */
    public List<String> verbose() {
        List<Object[]> all = new java.util.ArrayList<>();
        for (Finding f : findings) all.add(new Object[] {f.line(), 0, f.format()});
        for (Trace t : traces) all.add(new Object[] {t.line(), 1, t.format()});
        all.sort(java.util.Comparator.<Object[]>comparingInt(a -> (Integer) a[0]).thenComparingInt(a -> (Integer) a[1]));
        return all.stream().map(a -> (String) a[2]).toList();
    }

    /** Whether the check fails: any error; with {@code strict}, any warning as well. */
    public boolean failed(boolean strict) {
        for (Finding f : findings) if (f.error() || strict) return true;
        return wrong > 0;
    }

    /** The last line of the command's output: {@code N checked, M wrong}. */
    public String summary() {
        return checked + " checked, " + wrong + " wrong";
    }
}
