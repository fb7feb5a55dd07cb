package io.github.gradpath.check;

import io.github.gradpath.diag.Source;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MyST Markdown: {@code ```{math}} fences (options {@code :label:} first), {@code $$ ... $$} display math
 * (an optional {@code (label)} after the closing {@code $$}), inline {@code $...$} and {@code {math}`...`};
 * {@code % gradpath: check NET} or {@code <!-- gradpath: check NET -->} names the network of the next math.
 */
final class MystScanner {
    private static final Pattern FENCE = Pattern.compile("^\\s*(`{3,}|~{3,}|:{3,})\\s*(\\{math}|\\{math-block}|math)?(.*)$");
    private static final Pattern CHECK = Pattern.compile("^\\s*(?:%|<!--)\\s*gradpath:(.*?)(?:-->)?\\s*$");
    private static final Pattern INLINE = Pattern.compile(Paragraphs.IN_TEXT
            + "|(?<![$\\\\])\\$(?!\\$)([^$]+?)(?<!\\\\)\\$(?!\\$)|\\{math}`([^`]*)`|(?<!\\\\)\\\\\\(([\\s\\S]+?)\\\\\\)");
    /** A bare environment at the start of a line: MathJax and MyST's amsmath extension typeset it as display math. */
    private static final Pattern ENV = Pattern.compile("^\\s*\\\\begin\\{(equation\\*?|align\\*?|eqnarray\\*?|gather\\*?|multline\\*?|flalign\\*?|alignat\\*?)}");
    private static final Pattern OPTION = Pattern.compile("^\\s*:([\\w-]+):\\s*(.*)$");

    private MystScanner() {}

    static MathUnit.Scan scan(Source src) {
        List<MathUnit> units = new ArrayList<>();
        CheckComment pending = null;
        List<Range> lastRanges = List.of();
        List<String> para = new ArrayList<>();
        int paraStart = 0;
        int n = 1;
        int count = src.lineCount();
        while (n <= count + 1) {
            String l = n <= count ? src.line(n) : "";
            Matcher m = FENCE.matcher(l);
            boolean fence = n <= count && m.matches();
            boolean display = n <= count && l.trim().startsWith("$$");
            Matcher env = ENV.matcher(l);
            boolean bare = n <= count && !fence && env.find();
            Matcher c = CHECK.matcher(l);
            boolean check = n <= count && c.matches();
            if ((l.isBlank() || fence || display || bare || check || n > count) && !para.isEmpty()) {
                List<Paragraphs.Fragment> frags = fragments(para, paraStart);
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
            if (fence) {
                String marker = m.group(1);
                boolean math = m.group(2) != null;
                int j = n + 1;
                MathUnit.Builder b = new MathUnit.Builder();
                String label = null;
                boolean options = true;
                while (j <= count && !src.line(j).trim().startsWith(marker)) {
                    String t = src.line(j);
                    Matcher o = OPTION.matcher(t);
                    if (math && options && o.matches()) {
                        if (o.group(1).equals("label")) label = o.group(2).trim();
                        b.add("", j);
                    } else {
                        options = false;
                        b.add(t, j);
                    }
                    j++;
                }
                if (math && !b.isEmpty()) {
                    units.add(b.build(true, label, pending, lastRanges, List.of()));
                    pending = null;
                }
                lastRanges = List.of();
                n = j + 1;
                continue;
            }
            if (bare) {
                String close = "\\end{" + env.group(1) + "}";
                MathUnit.Builder b = new MathUnit.Builder();
                int j = n;
                while (true) {
                    String t = src.line(j);
                    b.add(t, j);
                    if (t.contains(close) || j >= count) break;
                    j++;
                }
                units.add(b.build(true, null, pending, lastRanges, List.of()));
                pending = null;
                lastRanges = List.of();
                n = j + 1;
                continue;
            }
            if (display) {
                MathUnit.Builder b = new MathUnit.Builder();
                String first = l.trim().substring(2);
                int j = n;
                String label = null;
                String rest = first;
                while (true) {
                    int close = rest.indexOf("$$");
                    if (close >= 0) {
                        b.add(rest.substring(0, close), j);
                        Matcher lm = Pattern.compile("^\\s*\\(([^)]+)\\)").matcher(rest.substring(close + 2));
                        if (lm.find()) label = lm.group(1);
                        break;
                    }
                    b.add(rest, j);
                    j++;
                    if (j > count) break;
                    rest = src.line(j);
                }
                units.add(b.build(true, label, pending, lastRanges, List.of()));
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

    private static List<Paragraphs.Fragment> fragments(List<String> para, int start) {
        return Paragraphs.fragments(para, start, INLINE);
    }
}
