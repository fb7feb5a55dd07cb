package io.github.gradpath.maven;

import io.github.gradpath.render.Templates;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;

import java.io.File;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parameter checks and logging shared by the goals. */
final class MojoSupport {
    private MojoSupport() {}

    /** An enum parameter, case-insensitive, or one message naming the allowed values. */
    static <E extends Enum<E>> E parse(String parameter, String value, Class<E> type) throws MojoExecutionException {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String allowed = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
            throw new MojoExecutionException("gradpath: invalid " + parameter + " '" + value
                    + "' (expected one of " + allowed + ")");
        }
    }

    /** A language with a word list, built in or in the user's templates directory. */
    static String lang(String lang, File templates) throws MojoExecutionException {
        if (templates != null && !templates.isDirectory()) {
            // Templates fall back to the built-in ones file by file, so a mistyped directory would go unnoticed.
            throw new MojoExecutionException("gradpath: templates directory " + templates + " does not exist");
        }
        Templates t = new Templates(templates == null ? null : templates.toPath());
        if (lang.contains("/") || lang.contains("\\") || t.find("lang/" + lang + ".properties").isEmpty()) {
            throw new MojoExecutionException("gradpath: invalid lang '" + lang
                    + "' (expected en, zh, or a language with lang/" + lang + ".properties in the templates directory)");
        }
        return lang;
    }

    /** Multi-line diagnostics as warnings, one log line per text line so each carries Maven's prefix. */
    static void warn(Log log, String diagnostics) {
        if (diagnostics.isEmpty()) return;
        for (String line : diagnostics.split("\n")) log.warn(line);
    }
}
