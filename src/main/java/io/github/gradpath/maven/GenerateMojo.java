package io.github.gradpath.maven;

import io.github.gradpath.batch.DocsGenerator;
import io.github.gradpath.batch.FileSet;
import io.github.gradpath.derive.Form;
import io.github.gradpath.render.Format;
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

/**
 * Writes the backpropagation equations of every network ({@code *.nn}) under {@code sourceDirectory} as a
 * document under {@code outputDirectory}: {@code nets/resblock.nn} becomes {@code nets/resblock.rst} (or
 * {@code .md}, {@code .tex}), ready for a Sphinx {@code .. include::}. A document whose bytes would not change is
 * not touched, so an unchanged build writes nothing. A network with an error fails the build with its
 * {@code file:line:col} position; the other networks' documents are still written.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public final class GenerateMojo extends AbstractMojo {
    // File, not Path: Maven 3.6, which this plugin supports, injects no Path parameters.

    /** Directory searched for networks. */
    @Parameter(property = "gradpath.sourceDirectory", defaultValue = "${basedir}/src/main/gradpath")
    private File sourceDirectory;

    /** Directory the documents are written to, mirroring the layout of {@code sourceDirectory}. */
    @Parameter(property = "gradpath.outputDirectory",
            defaultValue = "${project.build.directory}/generated-docs/gradpath")
    private File outputDirectory;

    /** Ant-style patterns, relative to {@code sourceDirectory}, of the networks to process. */
    @Parameter(property = "gradpath.generate.includes", defaultValue = "**/*.nn")
    private List<String> includes;

    /** Ant-style patterns, relative to {@code sourceDirectory}, of networks to leave out. */
    @Parameter(property = "gradpath.generate.excludes")
    private List<String> excludes;

    /** Document format: {@code rst} (reStructuredText, default), {@code myst} (Markdown) or {@code latex}. */
    @Parameter(property = "gradpath.format", defaultValue = "rst")
    private String format;

    /**
     * Form of the gradients: {@code factored} (textbook style, default), {@code paths} (sum over all paths) or
     * {@code adjoint} (reverse mode, one row per node).
     */
    @Parameter(property = "gradpath.form", defaultValue = "factored")
    private String form;

    /** Language of the words around the equations: {@code en} or {@code zh} (or any a templates directory adds). */
    @Parameter(property = "gradpath.lang", defaultValue = "en")
    private String lang;

    /**
     * Equation label of each document's main block, for {@code :eq:} references: by default
     * {@code grad-{network}}, or {@code forward-{network}} with {@code forward}. {@code {network}} stands for the
     * network's name, {@code {file}} for its file name without extension. The block of named factors gets the
     * same label followed by {@code -factors}.
     */
    @Parameter(property = "gradpath.label")
    private String label;

    /**
     * Write each network's forward-propagation block (from the output down to the first layer) instead of its
     * gradients. Give such an execution its own {@code outputDirectory}: the documents have the same names.
     */
    @Parameter(property = "gradpath.forward", defaultValue = "false")
    private boolean forward;

    /** Directory of templates overriding the built-in ones file by file (same layout as gradpath's templates/). */
    @Parameter(property = "gradpath.templates")
    private File templates;

    /**
     * Notation: {@code default}, {@code chapter} (the reference chapter's), or the path of a style file
     * ({@code key = value} lines: bold, product, identity, ...; see the README's "Styles").
     */
    @Parameter(property = "gradpath.style", defaultValue = "default")
    private String style;

    /** Write every edge Jacobian out and weight gradients as matrices, as {@code derive --expand} does. */
    @Parameter(property = "gradpath.expand", defaultValue = "false")
    private boolean expand;

    /** With {@code expand}: {@code numerator} (default) or {@code denominator}, as {@code derive --layout}. */
    @Parameter(property = "gradpath.layout", defaultValue = "numerator")
    private String layout;

    /** Largest number of terms the {@code paths} form may list for one gradient; larger ones fail. */
    @Parameter(property = "gradpath.maxTerms", defaultValue = "10000")
    private int maxTerms;

    /** This execution's id: each execution remembers the documents it wrote in a list of its own. */
    @Parameter(defaultValue = "${mojoExecution.executionId}", readonly = true)
    private String executionId;

    /** Where that list lives (outside outputDirectory, so the documents' directory holds documents only). */
    @Parameter(defaultValue = "${project.build.directory}/gradpath-state", readonly = true)
    private File stateDirectory;

    /** Skip gradpath entirely. */
    @Parameter(property = "gradpath.skip", defaultValue = "false")
    private boolean skip;

    /** The project's directory: a style file's relative path is relative to it, not to where Maven was started. */
    @Parameter(defaultValue = "${basedir}", readonly = true)
    private File basedir;

    private io.github.gradpath.render.Style loadStyle() throws MojoFailureException {
        try {
            boolean builtIn = io.github.gradpath.render.Style.BUILT_IN.contains(style);
            return io.github.gradpath.render.Style.load(builtIn || basedir == null ? style
                    : basedir.toPath().resolve(style).toString());
        } catch (io.github.gradpath.diag.InputException e) {
            throw new MojoFailureException("gradpath: " + e.diagnostics().format().strip());
        }
    }

    /** The list of documents this execution wrote, or null (no removal) when Maven gave no state directory. */
    private Path manifest() {
        if (stateDirectory == null) return null;
        String id = executionId == null ? "default" : executionId.replaceAll("[^A-Za-z0-9._-]", "_");
        return stateDirectory.toPath().resolve(id + ".generated");
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("gradpath: skipped");
            return;
        }
        Path source = sourceDirectory.toPath();
        DocsGenerator.Settings settings = new DocsGenerator.Settings(
                MojoSupport.parse("form", form, Form.class), MojoSupport.parse("format", format, Format.class),
                MojoSupport.lang(lang, templates), templates == null ? null : templates.toPath(), label, maxTerms, forward,
                loadStyle(), expand ? MojoSupport.parse("layout", layout, io.github.gradpath.derive.Layout.class) : null);
        try {
            List<Path> networks = new FileSet(source, includes, excludes).scan();
            if (networks.isEmpty()) getLog().info("gradpath: no networks in " + source);
            // Still run with none: the documents of networks that are gone must go too.
            DocsGenerator.Outcome o = new DocsGenerator(settings).run(source, networks, outputDirectory.toPath(),
                    manifest());
            MojoSupport.warn(getLog(), o.warnings());
            for (Path p : o.written()) getLog().info("gradpath: wrote " + p);
            for (Path p : o.removed()) getLog().info("gradpath: removed " + p + " (no network produces it any more)");
            if (networks.isEmpty() && o.removed().isEmpty()) return;
            getLog().info("gradpath: " + networks.size() + " network(s): " + o.written().size() + " written, "
                    + o.unchanged().size() + " up to date" + (o.failed() > 0 ? ", " + o.failed() + " failed" : "")
                    + (o.removed().isEmpty() ? "" : ", " + o.removed().size() + " removed"));
            if (o.failed() > 0) {
                throw new MojoFailureException(o.failed() + " network(s) under " + source + " have errors:\n"
                        + o.errors());
            }
        } catch (IOException e) {
            throw new MojoExecutionException("gradpath: " + e.getMessage(), e);
        }
    }
}
