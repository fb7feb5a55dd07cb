package io.github.gradpath.cli;

import io.github.gradpath.render.Format;

/**
 * Equation labels reach the output unescaped ({@code :label: X} in RST and MyST, {@code \label{X}} in LaTeX), so
 * a label with a newline could open a {@code .. raw:: html} directive and one with braces an {@code \input}. Only
 * characters that mean nothing in any of the three formats are accepted: letters and digits (any script), and
 * {@code - _ . : + /}; it starts with a letter or digit and has at most {@link #MAX} characters.
 */
public final class Labels {
    private Labels() {}

    public static final int MAX = 200;

    /** Why {@code label} cannot be written in {@code format}, or {@code null} when it can. */
    public static String problem(String label, Format format) {
        if (label.isEmpty()) return "an empty label";
        if (label.length() > MAX) return "longer than " + MAX + " characters";
        int first = label.codePointAt(0);
        if (!Character.isLetterOrDigit(first)) return "it must start with a letter or digit";
        for (int i = 0; i < label.length(); ) {
            int c = label.codePointAt(i);
            if (!Character.isLetterOrDigit(c) && "-_.:+/".indexOf(c) < 0) {
                String shown = Character.isISOControl(c) || Character.isWhitespace(c)
                        ? String.format(java.util.Locale.ROOT, "U+%04X", c) : "'" + new String(Character.toChars(c)) + "'";
                return "the character " + shown + " at " + (i + 1) + " is not allowed in a " + name(format)
                        + " label (letters, digits and - _ . : + / only)";
            }
            i += Character.charCount(c);
        }
        return null;
    }

    private static String name(Format f) {
        return switch (f) {
            case RST -> "reStructuredText";
            case MYST -> "MyST";
            case LATEX -> "LaTeX";
            default -> f.dir();
        };
    }
}
