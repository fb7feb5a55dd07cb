package io.github.gradpath.batch;

import io.github.gradpath.check.CheckReport;
import io.github.gradpath.check.DocumentChecker;
import io.github.gradpath.check.Finding;
import io.github.gradpath.diag.InputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code check} over a directory of documents, for build tools: each document's blocks are checked against the
 * networks its {@code gradpath: check NET} comments name. Every document is checked even after a failure, so
 * one build reports every wrong row.
 */
public final class DocsChecker {
    private DocsChecker() {}

    /** What a build tool leaves out unless told otherwise: Sphinx's output directory, wherever it is. */
    public static final String DEFAULT_EXCLUDES = "**/_build/**";

    /**
     * What a run found. {@code findings} are in document order, then line order; {@code inputErrors} holds the
     * {@code file:line:col} diagnostics of documents or networks that could not be read (those count as failed).
     */
    public record Outcome(List<Finding> findings, int documents, int checked, int wrong, int failedDocuments,
                          String inputErrors) {
        public boolean failed() { return failedDocuments > 0; }

        public List<Finding> errors() { return findings.stream().filter(Finding::error).toList(); }

        public List<Finding> warnings() { return findings.stream().filter(f -> !f.error()).toList(); }
    }

    /** Checks {@code relatives} (under {@code dir}); with {@code strict}, warnings fail a document too. */
    public static Outcome run(Path dir, List<Path> relatives, boolean strict) {
        List<Finding> findings = new ArrayList<>();
        StringBuilder inputErrors = new StringBuilder();
        int checked = 0;
        int wrong = 0;
        int failed = 0;
        for (Path rel : relatives) {
            Path doc = dir.resolve(rel).toAbsolutePath().normalize();
            try {
                CheckReport r = DocumentChecker.check(doc, null, null);
                findings.addAll(r.findings());
                checked += r.checked();
                wrong += r.wrong();
                if (r.failed(strict)) failed++;
            } catch (InputException e) {
                inputErrors.append(e.diagnostics().format());
                failed++;
            }
        }
        return new Outcome(List.copyOf(findings), relatives.size(), checked, wrong, failed, inputErrors.toString());
    }
}
