package io.github.gradpath.check;

import java.nio.file.Path;

/**
 * What {@code check -v} lists beside the findings: a row read and found right ({@code ok}), or math that states
 * no derivative fact and was skipped on purpose ({@code note: ...}), so an author sees that nothing was passed over.
 */
public record Trace(Path file, int line, String verdict) {
    public String format() {
        return file + ":" + line + ": " + verdict;
    }
}
