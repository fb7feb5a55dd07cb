package io.github.gradpath.maven;

import io.github.gradpath.batch.DocsChecker;
import io.github.gradpath.batch.FileSet;
import io.github.gradpath.check.Finding;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks the hand-written derivations in the documents under {@code documentDirectory}: each math block or
 * paragraph after a {@code .. gradpath: check NET} comment (MyST and LaTeX have their own comment forms) is
 * compared with the true gradients of network {@code NET}, a path relative to the document. A wrong row fails the
 * build with its {@code file:line} and what is wrong; Sphinx pitfalls in math blocks are reported as warnings.
 * Documents or networks that cannot be read always fail the build.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public final class CheckMojo extends AbstractMojo {
    // File, not Path: Maven 3.6, which this plugin supports, injects no Path parameters.

    /** Directory searched for documents. */
    @Parameter(property = "gradpath.documentDirectory", defaultValue = "${basedir}/docs")
    private File documentDirectory;

    /**
     * Ant-style patterns, relative to {@code documentDirectory}, of the documents to check. The format follows
     * the extension: {@code .md} is MyST Markdown, {@code .tex} LaTeX, anything else reStructuredText.
     */
    @Parameter(property = "gradpath.check.includes", defaultValue = "**/*.rst,**/*.md,**/*.tex")
    private List<String> includes;

    /**
     * Ant-style patterns, relative to {@code documentDirectory}, of documents to leave out. Default: Sphinx's
     * output, {@code **}{@code /_build/**} (its LaTeX builder writes {@code .tex} files there); giving excludes
     * replaces the default.
     */
    @Parameter(property = "gradpath.check.excludes", defaultValue = DocsChecker.DEFAULT_EXCLUDES)
    private List<String> excludes;

    /** Whether a wrong derivation fails the build; {@code false} reports it as a warning instead. */
    @Parameter(property = "gradpath.failOnError", defaultValue = "true")
    private boolean failOnError;

    /** Treat warnings (Sphinx pitfalls in math blocks) as errors. */
    @Parameter(property = "gradpath.strict", defaultValue = "false")
    private boolean strict;

    /** Skip gradpath entirely. */
    @Parameter(property = "gradpath.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("gradpath: skipped");
            return;
        }
        Path dir = documentDirectory.toPath();
        List<Path> documents;
        try {
            documents = new FileSet(dir, includes, excludes).scan();
        } catch (IOException e) {
            throw new MojoExecutionException("gradpath: " + e.getMessage(), e);
        }
        if (documents.isEmpty()) {
            getLog().info("gradpath: no documents in " + dir);
            return;
        }
        DocsChecker.Outcome o = DocsChecker.run(dir, documents, strict);
        List<Finding> failing = strict ? o.findings() : o.errors();
        for (Finding f : o.warnings()) {
            if (!strict) MojoSupport.warn(getLog(), f.format());
        }
        getLog().info("gradpath: " + o.documents() + " document(s): " + o.checked() + " checked, " + o.wrong()
                + " wrong");
        if (!o.inputErrors().isEmpty()) {
            throw new MojoFailureException("gradpath: cannot check the documents under " + dir + ":\n"
                    + o.inputErrors() + lines(failing));
        }
        if (!o.failed()) return;
        if (failOnError) {
            throw new MojoFailureException("gradpath: " + failing.size() + " problem(s) in the documents under "
                    + dir + ":\n" + lines(failing));
        }
        MojoSupport.warn(getLog(), lines(failing));
        getLog().warn("gradpath: the check failed; the build goes on because failOnError is false");
    }

    private static String lines(List<Finding> findings) {
        return findings.stream().map(f -> f.format() + "\n").collect(Collectors.joining());
    }
}
