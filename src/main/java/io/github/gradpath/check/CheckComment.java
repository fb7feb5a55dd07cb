package io.github.gradpath.check;

import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.InputException;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.diag.Source;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code gradpath: check NET [conventions]} comment: the network of the next math and how that math writes
 * its derivatives. Anything else after {@code gradpath:}, or a convention gradpath does not know, is an error at
 * its position: a comment that was meant to check a block must never leave it unchecked in silence.
 */
record CheckComment(String network, int line, Conventions conventions) {

    /**
     * Reads the text after {@code gradpath:} on document line {@code line}, which starts at 0-based column
     * {@code col} of that line.
     *
     * @throws InputException for a comment that is not {@code check NET} or has an unknown setting
     */
    static CheckComment parse(Source src, int line, int col, String text) {
        List<int[]> words = new ArrayList<>();
        for (int i = 0; i < text.length(); ) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
            int j = i;
            while (j < text.length() && !Character.isWhitespace(text.charAt(j))) j++;
            if (j > i) words.add(new int[] {i, j});
            i = j;
        }
        if (words.isEmpty() || !word(text, words.get(0)).equals("check")) {
            int at = words.isEmpty() ? 0 : words.get(0)[0];
            throw error(src, line, col + at, "a `gradpath:` comment must be `gradpath: check NET [conventions]`"
                    + (words.isEmpty() ? "" : ", not `" + word(text, words.get(0)) + "`"));
        }
        if (words.size() < 2) {
            throw error(src, line, col + words.get(0)[1], "`gradpath: check` needs the network file: `gradpath: check NET`");
        }
        String net = word(text, words.get(1));
        List<String> settings = new ArrayList<>();
        for (int k = 2; k < words.size(); k++) settings.add(word(text, words.get(k)));
        try {
            return new CheckComment(net, line, Conventions.parse(settings));
        } catch (Conventions.Bad e) {
            int at = col;
            for (int k = 2; k < words.size(); k++) {
                if (word(text, words.get(k)).equals(e.setting)) { at = col + words.get(k)[0]; break; }
            }
            throw error(src, line, at, e.getMessage());
        }
    }

    private static String word(String text, int[] w) { return text.substring(w[0], w[1]); }

    private static InputException error(Source src, int line, int col0, String message) {
        Diagnostics d = new Diagnostics();
        d.error(src, new Pos(line, col0 + 1), message);
        return new InputException(d);
    }
}
