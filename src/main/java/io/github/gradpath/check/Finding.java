package io.github.gradpath.check;

import java.nio.file.Path;

/** One thing {@code check} found in a document: an error (a wrong or unreadable row) or a warning (lint). */
public record Finding(Path file, int line, boolean error, String message) {
    /** {@code FILE:LINE: error: MSG} or {@code FILE:LINE: warning: MSG}, the form editors and CI logs link. */
    public String format() {
        return file + ":" + line + ": " + (error ? "error" : "warning") + ": " + message;
    }
}
