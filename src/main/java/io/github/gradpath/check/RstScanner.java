package io.github.gradpath.check;

import io.github.gradpath.diag.Source;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * reStructuredText: {@code .. math::} directives and {@code :math:} roles, {@code .. gradpath: check NET}
 * comments, and lint of what Sphinx 5.3 (docutils 0.19) really does with a math directive. Docutils reads the
 * lines up to the first blank line as the directive's argument, options being the part of that argument from
 * the first {@code :field:} line on; so the chapter's form (math right under {@code .. math::}, {@code :label:}
 * last, no blank line) is argument plus option and works, while a {@code :label:} after a blank line is content,
 * typeset as math, and its {@code :eq:} references break. Sphinx then splits the math at blank lines into
 * separate equations, which breaks an environment that spans one.
 */
final class RstScanner {
    private static final Pattern MATH = Pattern.compile("^(\\s*)\\.\\.\\s+math::(.*)$");
    private static final Pattern DIRECTIVE = Pattern.compile("^(\\s*)\\.\\.\\s+[\\w:-]+::.*$");
    private static final Pattern COMMENT = Pattern.compile("^(\\s*)\\.\\.(\\s.*)?$");
    // `gradpath:(?!:)`: `.. gradpath:: NET` is the Sphinx extension's directive, not a check comment.
    private static final Pattern CHECK = Pattern.compile("^\\s*\\.\\.\\s+gradpath:(?!:)(.*)$");
    private static final Pattern FIELD = Pattern.compile("^:[\\w-]+:(\\s.*)?$");
    private static final Pattern ROLE = Pattern.compile(":math:`([^`]*)`");
    private static final Pattern LITERAL = Pattern.compile("^(\\s*)\\.\\.\\s+(code-block|code|sourcecode|literalinclude|raw|highlight|parsed-literal)::.*$");
    private static final Pattern BEGIN = Pattern.compile("\\\\begin\\{([^}]*)}");
    private static final Pattern END = Pattern.compile("\\\\end\\{([^}]*)}");

    private final Source src;
    private final List<MathUnit> units = new ArrayList<>();
    private final List<MathUnit.Lint> lints = new ArrayList<>();
    private CheckComment pending;
    private List<Range> lastRanges = List.of();

    private RstScanner(Source src) { this.src = src; }

    static MathUnit.Scan scan(Source src) {
        RstScanner s = new RstScanner(src);
        s.run();
        return new MathUnit.Scan(s.units, s.lints);
    }

    private String line(int n) { return src.line(n); }

    private static int indent(String l) {
        int i = 0;
        while (i < l.length() && (l.charAt(i) == ' ' || l.charAt(i) == '\t')) i++;
        return i;
    }

    private static boolean blank(String l) { return l.isBlank(); }

    /** Last line of the indented body of the construct starting at line {@code n} with indentation {@code ind}. */
    private int bodyEnd(int n, int ind) {
        int last = n;
        int count = src.lineCount();
        for (int j = n + 1; j <= count; j++) {
            String l = line(j);
            if (blank(l)) continue;
            if (indent(l) <= ind) break;
            last = j;
        }
        return last;
    }

    private void run() {
        int count = src.lineCount();
        int n = 1;
        List<String> para = new ArrayList<>();
        int paraStart = 0;
        boolean literalNext = false;
        while (n <= count) {
            String l = line(n);
            Matcher m;
            boolean boundary = blank(l) || l.trim().startsWith("..");
            if (boundary && !para.isEmpty()) {
                literalNext = flush(para, paraStart);
                para = new ArrayList<>();
            }
            if (blank(l)) { n++; continue; }
            if (literalNext && !l.trim().startsWith("..")) {
                // The block after a paragraph ending in "::" is literal text, not markup.
                int end = bodyEnd(n - 1, indentOfPrevious(n) );
                literalNext = false;
                if (end >= n) { n = end + 1; continue; }
            }
            literalNext = false;
            if ((m = CHECK.matcher(l)).matches()) {
                pending = CheckComment.parse(src, n, m.start(1), m.group(1));
                n = bodyEnd(n, indent(l)) + 1;
                continue;
            }
            if ((m = MATH.matcher(l)).matches()) {
                int end = bodyEnd(n, m.group(1).length());
                directive(n, m.group(2), end);
                n = end + 1;
                continue;
            }
            if (LITERAL.matcher(l).matches()) {
                n = bodyEnd(n, indent(l)) + 1;
                continue;
            }
            if (DIRECTIVE.matcher(l).matches()) {
                // Other directives (note, figure, ...): their option lines are skipped, their bodies are text.
                n++;
                while (n <= count && !blank(line(n)) && FIELD.matcher(line(n).trim()).matches()) n++;
                continue;
            }
            if (COMMENT.matcher(l).matches()) {
                n = bodyEnd(n, indent(l)) + 1;
                continue;
            }
            if (para.isEmpty()) paraStart = n;
            para.add(l);
            n++;
        }
        if (!para.isEmpty()) flush(para, paraStart);
    }

    private int indentOfPrevious(int n) {
        for (int j = n - 1; j >= 1; j--) if (!blank(line(j))) return indent(line(j));
        return 0;
    }

    /** Checks the inline math of one paragraph; returns whether it ends with {@code ::}. */
    private boolean flush(List<String> para, int start) {
        List<Paragraphs.Fragment> frags = Paragraphs.fragments(para, start, ROLE);
        List<MathUnit> found = Paragraphs.units(frags, pending, List.of());
        units.addAll(found);
        lastRanges = Paragraphs.ranges(frags);
        if (!found.isEmpty()) pending = null;
        String last = para.get(para.size() - 1).stripTrailing();
        return last.endsWith("::");
    }

    /** One math directive at line {@code n}; {@code rest} is what follows {@code math::} on that line. */
    private void directive(int n, String rest, int end) {
        List<String> texts = new ArrayList<>();
        List<Integer> nums = new ArrayList<>();
        texts.add(rest.strip());
        nums.add(n);
        int ind = -1;
        for (int j = n + 1; j <= end; j++) if (!blank(line(j))) ind = ind < 0 ? indent(line(j)) : Math.min(ind, indent(line(j)));
        for (int j = n + 1; j <= end; j++) {
            String l = line(j);
            texts.add(blank(l) ? "" : l.substring(Math.min(ind, l.length())));
            nums.add(j);
        }
        int i = 0;
        if (texts.get(0).isEmpty()) i = 1;
        int argEnd = i;
        while (argEnd < texts.size() && !texts.get(argEnd).isBlank()) argEnd++;
        int opt = -1;
        for (int k = i; k < argEnd; k++) {
            if (FIELD.matcher(texts.get(k)).matches()) { opt = k; break; }
        }
        String label = null;
        boolean[] skip = new boolean[texts.size()];
        if (opt >= 0) {
            for (int k = opt; k < argEnd; k++) {
                String t = texts.get(k);
                skip[k] = true;
                if (FIELD.matcher(t).matches()) {
                    if (t.startsWith(":label:")) label = t.substring(7).trim();
                } else if (!t.startsWith(" ") && !t.startsWith("\t")) {
                    lints.add(new MathUnit.Lint(nums.get(k), "Sphinx rejects this `.. math::` directive (\"invalid"
                            + " option block\") and drops the equation: math follows the option `" + texts.get(opt).trim()
                            + "` (line " + nums.get(opt) + ") without a blank line; put a blank line between the options and"
                            + " the math"));
                    label = null;
                    break;
                }
            }
        }
        int blankBefore = -1;
        for (int k = argEnd; k < texts.size(); k++) {
            String t = texts.get(k);
            if (t.isBlank()) { blankBefore = k; continue; }
            if (t.startsWith(":label:")) {
                skip[k] = true;
                String lbl = t.substring(7).trim();
                String why = texts.get(k - 1).isBlank() ? "a blank line separates it from the math above it"
                        : "a blank line separates the math from the `.. math::` line";
                lints.add(new MathUnit.Lint(nums.get(k), "this `:label: " + lbl + "` is typeset as math and :eq:`"
                        + lbl + "` references to it break, because " + why + "; put `:label:` right under"
                        + " `.. math::`, then a blank line, then the math"));
                if (label == null) label = lbl;
            }
        }
        // Blank lines split the math into separate equations: fatal inside an environment.
        int depth = 0;
        String env = null;
        for (int k = i; k < texts.size(); k++) {
            if (skip[k]) continue;
            String t = texts.get(k);
            if (t.isBlank()) {
                if (depth > 0 && hasMore(texts, skip, k)) {
                    lints.add(new MathUnit.Lint(nums.get(k), "blank line inside `\\begin{" + env + "}`: Sphinx splits"
                            + " the math into separate equations here, which breaks the environment; remove the blank"
                            + " line"));
                }
                continue;
            }
            if (!t.contains("\\begin") && !t.contains("\\end")) continue;
            Matcher b = BEGIN.matcher(t);
            while (b.find()) { if (depth++ == 0) env = b.group(1); }
            Matcher e = END.matcher(t);
            while (e.find()) depth = Math.max(0, depth - 1);
        }
        MathUnit.Builder ub = new MathUnit.Builder();
        for (int k = i; k < texts.size(); k++) ub.add(skip[k] ? "" : texts.get(k), nums.get(k));
        if (!ub.isEmpty()) units.add(ub.build(true, label, pending, lastRanges, List.of()));
        pending = null;
        lastRanges = List.of();
    }

    private static boolean hasMore(List<String> texts, boolean[] skip, int k) {
        for (int j = k + 1; j < texts.size(); j++) if (!skip[j] && !texts.get(j).isBlank()) return true;
        return false;
    }
}
