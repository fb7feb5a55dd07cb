package io.github.gradpath.diag;

/**
 * Thrown by a stage that cannot go on; the diagnostics it carries already say why. The CLI maps it to exit 2
 * and prints the diagnostics, never the stack trace.
 */
public final class InputException extends RuntimeException {
    private final transient Diagnostics diagnostics;

    public InputException(Diagnostics diagnostics) {
        super(diagnostics.format(), null, false, false);
        this.diagnostics = diagnostics;
    }

    public Diagnostics diagnostics() { return diagnostics; }
}
