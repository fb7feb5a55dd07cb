package io.github.gradpath.render;

import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The streaming normaliser must give what normalize gives the whole text, however the text is cut up. */
class NormalizingWriterTest {
    /** The rules spelled out the slow way: the oracle. */
    private static String byRules(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.replace("\r\n", "\n").split("\n", -1)) sb.append(line.stripTrailing()).append('\n');
        String out = sb.toString().replaceAll("\n{3,}", "\n\n");
        int start = 0;
        while (start < out.length() && out.charAt(start) == '\n') start++;
        int end = out.length();
        while (end > start && out.charAt(end - 1) == '\n') end--;
        return out.substring(start, end) + "\n";
    }

    @Test
    void sameAsTheRulesOnRandomTextInRandomPieces() throws Exception {
        Random r = new Random(15);
        String alphabet = "ab \n\n\r\t\u00a0\u3000x";
        for (int k = 0; k < 20_000; k++) {
            StringBuilder sb = new StringBuilder();
            for (int i = r.nextInt(30); i > 0; i--) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            String text = sb.toString();
            String expected = byRules(text);
            assertEquals(expected, DocumentRenderer.normalize(text), text);
            StringWriter out = new StringWriter();
            NormalizingWriter w = new NormalizingWriter(out);
            for (int i = 0; i < text.length(); ) {
                int n = Math.min(text.length() - i, 1 + r.nextInt(5));
                if (n == 1 && r.nextBoolean()) w.write(text.charAt(i));
                else if (r.nextBoolean()) w.write(text, i, n);
                else w.write(text.toCharArray(), i, n);
                i += n;
            }
            w.finish();
            assertEquals(expected, out.toString(), text);
        }
    }
}
