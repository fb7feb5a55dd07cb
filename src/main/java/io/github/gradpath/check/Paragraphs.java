package io.github.gradpath.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Inline math in one paragraph of prose, shared by the three formats: each fragment that states a range
 * ({@code k=1, 2, \cdots, p}) becomes context for the statements around it, each statement a unit.
 */
final class Paragraphs {
    private Paragraphs() {}

    /**
     * Display math written inside a paragraph, which Markdown renderers (MathJax, kramdown) and LaTeX typeset too:
     * double dollars, kramdown's backslash-escaped bracket and parenthesis delimiters, and a plain bracket
     * delimiter. It goes before the inline single-dollar alternatives, so a double dollar is not two empty spans.
     */
    static final String IN_TEXT = "\\$\\$([\\s\\S]+?)\\$\\$|\\\\\\\\\\(([\\s\\S]+?)\\\\\\\\\\)"
            + "|\\\\\\\\\\[([\\s\\S]+?)\\\\\\\\\\]|(?<!\\\\)\\\\\\[([\\s\\S]+?)\\\\\\]";

    /** A fragment of inline math: its text and the document line of each of its lines. */
    record Fragment(String text, int[] lines) {}

    /**
     * Finds inline math in {@code lines} (document lines {@code first..}) with {@code pattern}, whose group 1
     * is the math. {@code lines} may be joined across line ends, as inline markup may.
     */
    static List<Fragment> fragments(List<String> lines, int first, Pattern pattern) {
        StringBuilder sb = new StringBuilder();
        List<Integer> starts = new ArrayList<>();
        for (String l : lines) {
            starts.add(sb.length());
            sb.append(l).append('\n');
        }
        List<Fragment> out = new ArrayList<>();
        Matcher m = pattern.matcher(sb);
        while (m.find()) {
            int group = 1;
            while (group < m.groupCount() && m.group(group) == null) group++;
            String t = m.group(group);
            if (t == null) continue;
            int start = m.start(group);
            int line = 0;
            while (line + 1 < starts.size() && starts.get(line + 1) <= start) line++;
            String[] parts = t.split("\n", -1);
            int[] ls = new int[parts.length];
            for (int k = 0; k < parts.length; k++) ls[k] = first + line + k;
            out.add(new Fragment(t, ls));
        }
        return out;
    }

    /** Units for the statements among {@code frags}, each with the ranges stated before and after it. */
    static List<MathUnit> units(List<Fragment> frags, CheckComment check, List<Range> inherited) {
        List<Optional<Range>> ranges = new ArrayList<>();
        for (Fragment f : frags) {
            ranges.add(Mentions.derivative(f.text()) ? Optional.empty() : Range.find(Tex.lex(f.text())));
        }
        List<MathUnit> out = new ArrayList<>();
        for (int i = 0; i < frags.size(); i++) {
            Fragment f = frags.get(i);
            if (!Mentions.derivative(f.text())) continue;
            List<Range> before = new ArrayList<>(), after = new ArrayList<>();
            for (int k = i - 1; k >= 0; k--) ranges.get(k).ifPresent(before::add);
            before.addAll(inherited);
            for (int k = i + 1; k < frags.size(); k++) ranges.get(k).ifPresent(after::add);
            MathUnit.Builder b = new MathUnit.Builder();
            String[] parts = f.text().split("\n", -1);
            for (int k = 0; k < parts.length; k++) b.add(parts[k], f.lines()[k]);
            out.add(b.build(false, null, check, before, after));
        }
        return out;
    }

    /** The ranges stated in a paragraph's inline math, last first: context for a display block right after it. */
    static List<Range> ranges(List<Fragment> frags) {
        List<Range> out = new ArrayList<>();
        for (int i = frags.size() - 1; i >= 0; i--) {
            if (Mentions.derivative(frags.get(i).text())) continue;
            Range.find(Tex.lex(frags.get(i).text())).ifPresent(out::add);
        }
        return out;
    }
}
