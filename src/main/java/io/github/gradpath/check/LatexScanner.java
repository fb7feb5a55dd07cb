package io.github.gradpath.check;

import io.github.gradpath.diag.Source;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LaTeX: display environments ({@code equation}, {@code align}, their starred forms, {@code gather},
 * {@code multline}), {@code \[ \]} and {@code $$ $$}; inline {@code $...$} and {@code \( \)};
 * {@code % gradpath: check NET} names the network of the next math.
 */
final class LatexScanner {
    private static final Pattern BEGIN = Pattern.compile("\\\\begin\\{(equation\\*?|align\\*?|gather\\*?|multline\\*?|eqnarray\\*?|flalign\\*?|displaymath)}");
    private static final Pattern CHECK = Pattern.compile("^\\s*%\\s*gradpath:(.*)$");
    private static final Pattern INLINE = Pattern.compile(Paragraphs.IN_TEXT + "|(?<![$\\\\])\\$(?!\\$)([^$]+?)(?<!\\\\)\\$|\\\\\\(([\\s\\S]+?)\\\\\\)");
    private static final Pattern LABEL = Pattern.compile("\\\\label\\{([^}]*)}");

    private LatexScanner() {}

    static MathUnit.Scan scan(Source src) {
        List<MathUnit> units = new ArrayList<>();
        CheckComment pending = null;
        List<Range> lastRanges = List.of();
        List<String> para = new ArrayList<>();
        int paraStart = 0;
        int count = src.lineCount();
        int n = 1;
        while (n <= count + 1) {
            String l = n <= count ? stripComment(src.line(n)) : "";
            Matcher c = n <= count ? CHECK.matcher(src.line(n)) : null;
            boolean check = c != null && c.matches();
            Matcher b = BEGIN.matcher(l);
            boolean begin = n <= count && b.find();
            String t = l.trim();
            boolean display = n <= count && (t.startsWith("\\[") || t.startsWith("$$"));
            if ((l.isBlank() || begin || display || check || n > count) && !para.isEmpty()) {
                List<Paragraphs.Fragment> frags = Paragraphs.fragments(para, paraStart, INLINE);
                List<MathUnit> found = Paragraphs.units(frags, pending, List.of());
                units.addAll(found);
                if (!found.isEmpty()) pending = null;
                lastRanges = Paragraphs.ranges(frags);
                para = new ArrayList<>();
            }
            if (n > count) break;
            if (check) {
                pending = CheckComment.parse(src, n, c.start(1), c.group(1));
                n++;
                continue;
            }
            if (begin || display) {
                String close = begin ? "\\end{" + b.group(1) + "}" : t.startsWith("\\[") ? "\\]" : "$$";
                int from = begin ? l.indexOf(b.group(0)) : l.indexOf(t.startsWith("\\[") ? "\\[" : "$$");
                if (begin && from > 0 && !l.substring(0, from).isBlank()) {
                    if (para.isEmpty()) paraStart = n;
                    para.add(l.substring(0, from));
                }
                String rest = begin ? l.substring(from) : l.substring(from + 2);
                MathUnit.Builder ub = new MathUnit.Builder();
                String label = null;
                int j = n;
                while (true) {
                    // On the first line, skip the opening itself; "$$" closes "$$" only after it.
                    int at = rest.indexOf(close, begin && j == n ? 1 : 0);
                    String piece = at >= 0 ? rest.substring(0, begin ? at + close.length() : at) : rest;
                    Matcher lm = LABEL.matcher(piece);
                    if (lm.find() && label == null) label = lm.group(1);
                    ub.add(piece, j);
                    if (at >= 0 || j >= count) break;
                    j++;
                    rest = stripComment(src.line(j));
                }
                units.add(ub.build(true, label, pending, lastRanges, List.of()));
                pending = null;
                lastRanges = List.of();
                n = j + 1;
                continue;
            }
            if (!l.isBlank()) {
                if (para.isEmpty()) paraStart = n;
                para.add(l);
            }
            n++;
        }
        return new MathUnit.Scan(units, List.of());
    }

    /** The line without its {@code %} comment ({@code \%} is a percent sign). */
    static String stripComment(String l) {
        for (int i = 0; i < l.length(); i++) {
            if (l.charAt(i) == '%' && (i == 0 || l.charAt(i - 1) != '\\')) return l.substring(0, i);
        }
        return l;
    }
}
