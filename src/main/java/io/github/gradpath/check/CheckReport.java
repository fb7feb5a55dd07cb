package io.github.gradpath.check;

import java.util.List;

/**
 * The result of checking one document: every finding in document order, how many gradient rows were checked
 * and how many of them are wrong (unreadable rows count as wrong: they cannot be trusted).
 */
public record CheckReport(List<Finding> findings, int checked, int wrong) {
    public CheckReport {
        findings = List.copyOf(findings);
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
