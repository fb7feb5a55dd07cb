package io.github.gradpath.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import static io.github.gradpath.fuzz.Campaign.edits;
import static io.github.gradpath.fuzz.Campaign.pick;
import static io.github.gradpath.fuzz.Campaign.soup;
import static io.github.gradpath.fuzz.Campaign.utf8;

/**
 * The campaign's generators: the same shapes as the jqwik properties of {@link NetworkLanguageFuzzTest} and
 * {@link DocumentReaderFuzzTest} (token soup, structured networks, mutated samples; LaTeX row soup and mutated
 * gradpath output), drawn with a plain {@link SplittableRandom} so that generating costs next to nothing, plus
 * command lines for the option reader.
 */
final class Generators {
    private Generators() {}

    private static final Pattern STDIN = Pattern.compile("<stdin>:\\d+:\\d+: (error|warning): ");

    static final List<String[]> COMMANDS = List.of(new String[] {"derive"}, new String[] {"derive", "--form", "adjoint"},
            new String[] {"derive", "--form", "paths"}, new String[] {"paths", "--count"}, new String[] {"graph"},
            new String[] {"derive", "--forward"});

    /** The network language: a third each of token soup, structured networks and mutated samples. */
    static Campaign.Reader network() {
        List<String> samples = NetworkLanguageFuzzTest.SAMPLES;
        List<String> vocabulary = NetworkLanguageFuzzTest.VOCABULARY;
        return r -> {
            int kind = r.nextInt(3);
            String text = switch (kind) {
                case 0 -> {
                    String b = soup(r, vocabulary, 80);
                    yield switch (r.nextInt(3)) {
                        case 0 -> b;
                        case 1 -> "network N {\n" + b + "\n}\n";
                        default -> "network N { input x; " + b + " loss L(x); }";
                    };
                }
                case 1 -> structured(r);
                default -> Mutations.apply(pick(r, samples), edits(r, vocabulary));
            };
            String[] command = kind == 0 ? new String[] {"derive"} : pick(r, COMMANDS);
            String[] args = new String[command.length + 1];
            System.arraycopy(command, 0, args, 0, command.length);
            args[command.length] = "-";
            return new Campaign.Case(text, utf8(text), args, Set.of(0, 2), STDIN);
        };
    }

    private static final long[] EDGES = {Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1, 1_000_000_000L,
        5_000_000L};
    private static final List<String> IDX = List.of("n", "N", "p", "n+1", "n-1", "2*n", "N-1", "");
    private static final List<String> HEADERS = List.of("", "  index N : N >= 1;\n", "  index N, p : 1 <= p < N;\n",
            "  index N : N == 1000000000;\n");

    private static long edge(SplittableRandom r) {
        return switch (r.nextInt(3)) {
            case 0 -> r.nextLong(-3, 13);
            case 1 -> EDGES[r.nextInt(EDGES.length)];
            default -> r.nextLong();
        };
    }

    private static String idx(SplittableRandom r) {
        String s = pick(r, IDX);
        long k = edge(r);
        return s.isEmpty() ? Long.toString(k) : s + (k >= 0 ? "+" : "") + k;
    }

    /** Networks shaped like real ones, with numbers from the edges of the 64-bit range. */
    static String structured(SplittableRandom r) {
        StringBuilder sb = new StringBuilder("network S {\n").append(pick(r, HEADERS)).append("  input x;\n  h_0 = a(w x);\n");
        int rules = r.nextInt(5);
        for (int k = 0; k < rules; k++) {
            int d = r.nextInt(301);
            sb.append("  h_{").append(idx(r)).append("} = a_n(w_n ").append("(".repeat(d)).append("h_{").append(idx(r))
                    .append("}").append(")".repeat(d)).append(") for n in ").append(edge(r)).append("..").append(edge(r))
                    .append(";\n");
        }
        return sb.append("  loss L(h_{").append(idx(r)).append("});\n}\n").toString();
    }

    /** {@code check} of one document format: half LaTeX row soup in a skeleton, half mutated gradpath output. */
    static Campaign.Reader document(String format, Path work) throws IOException {
        Files.writeString(work.resolve("n.nn"), DocumentReaderFuzzTest.NET);
        Promise.Run own = Promise.cli(DocumentReaderFuzzTest.NET, "derive", "--format", format, "-");
        if (own.code() != 0) throw new IllegalStateException(own.err());
        String ext = switch (format) {
            case "rst" -> "rst";
            case "myst" -> "md";
            default -> "tex";
        };
        String seed = switch (format) {
            case "rst" -> "Title\n=====\n\n.. gradpath: check n.nn\n\n" + own.out();
            case "myst" -> "# Title\n\n<!-- gradpath: check n.nn -->\n\n" + own.out();
            default -> "\\documentclass{article}\n\\begin{document}\n% gradpath: check n.nn\n" + own.out()
                    + "\\end{document}\n";
        };
        Path doc = work.resolve("doc." + ext);
        Promise.Run clean = check(seed, doc);
        if (clean.code() != 0) throw new IllegalStateException("gradpath's own output does not check:\n" + clean.err());
        Pattern positioned = Pattern.compile(Pattern.quote(doc.toString()) + ":\\d+:(\\d+:)? (error|warning): ");
        List<String> tex = DocumentReaderFuzzTest.TEX;
        return r -> {
            String text;
            if (r.nextBoolean()) {
                text = Mutations.apply(seed, edits(r, tex));
            } else {
                String rows = soup(r, tex, 60);
                text = switch (format) {
                    case "rst" -> "T\n=\n\n.. gradpath: check n.nn\n\n.. math::\n\n   " + rows.replace("\n", "\n   ") + "\n";
                    case "myst" -> "# T\n\n<!-- gradpath: check n.nn -->\n\n$$\n" + rows + "\n$$\n";
                    default -> "\\documentclass{article}\n\\begin{document}\n% gradpath: check n.nn\n\\begin{align}\n"
                            + rows + "\n\\end{align}\n\\end{document}\n";
                };
            }
            Files.write(doc, utf8(text));
            return new Campaign.Case(text, new byte[0], new String[] {"check", doc.toString()}, Set.of(0, 1, 2),
                    positioned);
        };
    }

    private static Promise.Run check(String text, Path doc) throws IOException {
        Files.writeString(doc, text);
        return Promise.cli(new byte[0], "check", doc.toString());
    }

    static final List<String> OPTIONS = List.of("--form", "--wrt", "--label", "--format", "--lang", "--templates",
            "--max-terms", "--forward", "-o", "--output", "-d", "--output-dir", "--dim", "--seed", "--tol",
            "--random-widths", "--style", "--bold", "--product", "--identity", "--network", "--strict", "-v",
            "--partials", "--order", "--layout", "--scalar", "--alias", "--count", "--stats", "--highlight", "--help",
            "--version", "-h", "-V", "--", "-", "-x", "--form=", "--dim=0", "--wrt=", "--unknown");

    /**
     * Option values. Paths are relative to the campaign's own temporary folder (the JVM runs there) or devices that
     * are safe to write: an option fuzzer must not be able to write outside its folder.
     */
    static final List<String> VALUES = List.of("0", "1", "-1", "2", "4", "100", "100000", "1e-300", "1e300", "NaN",
            "-0", "9223372036854775807", "9223372036854775808", "0x10", "factored", "adjoint", "paths", "all", "h_1",
            "h_2", "w_0", "w_1", "w_{0}", "w_0,w_1", "x", "y", "s", "L", "h_", "w_{9223372036854775807}", "((w_0))",
            "rst", "myst", "latex", "svg", "dot", "pdf", "zh", "en", "xx", "bm", "boldsymbol", "mathbf", "none", "times",
            "cdot", "juxtapose", "source", "first", "last", "total", "immediate", "output-first", "input-first",
            "numerator", "denominator", "chapter", "default", "out.rst", "sub/out.md", "out", "n.nn", "doc.rst", "",
            ".", "..", "/dev/null", "\\theta:W", "a:b,c", ":", "\u0000", "é", "x\n.. raw:: html", "--form", "-o");

    static final List<String> FILES = List.of("n.nn", "n.nn", "big.nn", "sym.nn", "-", "missing.nn", "doc.rst",
            "doc.md", "", "sub", "n.nn,n.nn");

    static final List<String> SUBCOMMANDS = List.of("derive", "derive", "paths", "verify", "check", "graph", "help",
            "batch", "nosuch");

    /**
     * Command lines: a subcommand, up to eight options with values and files, on a few small networks and documents
     * in the campaign's folder. The JVM must be started in that folder (see src/bench/campaign.sh) so relative
     * output paths stay in it.
     */
    /**
     * The samples a command line may get on standard input: all but the backward skip at general N and T, whose
     * `verify` expands 3,486 and 7,584 rows at its two witnesses and takes minutes (a stated performance limit,
     * issue 15), which the 10 s watchdog reports as a hang of `verify -` without telling anything new.
     */
    private static final List<String> QUICK_SAMPLES = NetworkLanguageFuzzTest.SAMPLES.stream()
            .filter(t -> !t.contains("network BackwardSkipNT")).toList();

    static Campaign.Reader cli() throws IOException {
        Path cwd = Path.of("").toAbsolutePath();
        // Relative paths resolve against the process's folder: refuse to scatter files in a source tree.
        if (Files.exists(cwd.resolve("pom.xml"))) throw new IllegalStateException("run the cli reader in a scratch folder");
        Files.writeString(cwd.resolve("n.nn"), DocumentReaderFuzzTest.NET);
        // big.nn is the concrete backward-skip sample (15 nodes; it was the first sample by name until the symbolic
        // backward-skip sample sorted before it: that one takes minutes to verify at its two witnesses, which the
        // 10 s watchdog reported as hangs of `verify big.nn`).
        Files.writeString(cwd.resolve("big.nn"), Files.readString(
                Path.of(System.getProperty("gradpath.samples", "samples"), "backward-skip.nn")));
        Files.writeString(cwd.resolve("sym.nn"), "network S {\n  index N : N >= 2;\n  input x;\n  h_1 = a(w_1 x);\n"
                + "  h_{n+1} = a(w_{n+1} h_n) for n in 1..N-1;\n  loss L(h_N);\n}\n");
        Files.createDirectories(cwd.resolve("sub"));
        Promise.Run own = Promise.cli(DocumentReaderFuzzTest.NET, "derive", "--format", "rst", "-");
        Files.writeString(cwd.resolve("doc.rst"), "T\n=\n\n.. gradpath: check n.nn\n\n" + own.out());
        Files.writeString(cwd.resolve("doc.md"), "# T\n\n<!-- gradpath: check n.nn -->\n\n$$\nx\n$$\n");
        // Several documents on one command line: a whole-file warning of an earlier one (`doc.md: warning: nothing
        // was checked`) may come before the error, and `--label X` matching no block is a whole-file error.
        Pattern positioned = Pattern.compile("[^:\\n]*:(\\d+:(\\d+:)?)? (error|warning): |gradpath: error: |"
                + "(Unknown|Missing|Invalid|Unmatched|Expected|Option|option|Error|Not)");
        return r -> {
            List<String> args = new ArrayList<>();
            args.add(pick(r, SUBCOMMANDS));
            int n = r.nextInt(9);
            for (int k = 0; k < n; k++) {
                switch (r.nextInt(4)) {
                    case 0, 1 -> {
                        args.add(pick(r, OPTIONS));
                        if (r.nextInt(5) > 0) args.add(pick(r, VALUES));
                    }
                    case 2 -> args.add(pick(r, FILES));
                    default -> args.add(pick(r, VALUES));
                }
            }
            if (r.nextInt(3) > 0) args.add(pick(r, FILES));
            String[] a = args.toArray(String[]::new);
            String stdin = r.nextBoolean() ? DocumentReaderFuzzTest.NET : QUICK_SAMPLES.get(r.nextInt(QUICK_SAMPLES.size()));
            return new Campaign.Case(String.join(" ", args), utf8(stdin), a, Set.of(0, 1, 2), positioned);
        };
    }
}
