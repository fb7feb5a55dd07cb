package io.github.gradpath.fuzz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The network language under random and mutated inputs (issue 13): every input gives exit 0, or exit 2 with a
 * {@code <stdin>:line:col:} message, quickly, never exit 3 or a trace. Three generators: token soup from the
 * language's own vocabulary (and its edges: huge numbers, deep brackets, stray bytes), structured networks with
 * random ranges and subscripts, and the samples mutated.
 */
class NetworkLanguageFuzzTest {
    private static final Pattern POSITIONED = Pattern.compile("<stdin>:\\d+:\\d+: (error|warning): ");

    static final List<String> VOCABULARY = List.of(
            "network", "N", "{", "}", "input", "param", "index", "loss", "show", "for", "in", "..", "...", ";", ",",
            "=", "+", "-", "*", "(", ")", "<", "<=", ">", ">=", "==", "!=", "_", "x", "y", "h", "w", "a", "L", "n",
            "h_1", "h_n", "h_{n+1}", "w_n", "w_{N-1}", "a_n(", "L(", "x_0", "W_hh", "2*n", "0", "1", "7",
            "9223372036854775807", "9223372036854775808", "-9223372036854775807", "99999999999999999999",
            "\n", "  ", "\t", "# c\n", "// c\n", "/*", "*/", "@", "é", "\u0000", "\r\n", "\uFEFF", "imput");

    private static void promise(String text, String... args) {
        String[] all = new String[args.length + 1];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "-";
        Promise.check(Promise.cli(text, all), Set.of(0, 2), POSITIONED, text);
    }

    @Property
    void tokenSoup(@ForAll("soup") String text) {
        promise(text, "derive");
    }

    @Property
    void structuredNetworks(@ForAll("structured") String text, @ForAll("commands") String[] command) {
        promise(text, command);
    }

    @Property
    void mutatedSamples(@ForAll("mutated") String text, @ForAll("commands") String[] command) {
        promise(text, command);
    }

    @Provide
    Arbitrary<String[]> commands() {
        return Arbitraries.of(new String[] {"derive"}, new String[] {"derive", "--form", "adjoint"},
                new String[] {"derive", "--form", "paths"}, new String[] {"paths", "--count"},
                new String[] {"graph"}, new String[] {"derive", "--forward"});
    }

    @Provide
    Arbitrary<String> soup() {
        Arbitrary<String> body = Arbitraries.of(VOCABULARY).list().ofMaxSize(80).map(l -> String.join(" ", l));
        return Arbitraries.oneOf(body, body.map(b -> "network N {\n" + b + "\n}\n"),
                body.map(b -> "network N { input x; " + b + " loss L(x); }"));
    }

    /** Networks shaped like real ones, with every number drawn from the edges of the 64-bit range too. */
    @Provide
    Arbitrary<String> structured() {
        Arbitrary<Long> edge = Arbitraries.oneOf(Arbitraries.longs().between(-3, 12),
                Arbitraries.of(Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1, 1_000_000_000L, 5_000_000L),
                Arbitraries.longs());
        Arbitrary<String> idx = Combinators.combine(Arbitraries.of("n", "N", "p", "n+1", "n-1", "2*n", "N-1", ""),
                edge).as((s, k) -> s.isEmpty() ? Long.toString(k) : s + (k >= 0 ? "+" : "") + k);
        Arbitrary<Integer> depth = Arbitraries.integers().between(0, 300);
        Arbitrary<String> rule = Combinators.combine(idx, idx, edge, edge, depth).as((a, b, lo, hi, d) ->
                "  h_{" + a + "} = a_n(w_n " + "(".repeat(d) + "h_{" + b + "}" + ")".repeat(d) + ") for n in " + lo
                        + ".." + hi + ";\n");
        Arbitrary<String> header = Arbitraries.of("", "  index N : N >= 1;\n", "  index N, p : 1 <= p < N;\n",
                "  index N : N == 1000000000;\n");
        return Combinators.combine(header, rule.list().ofMaxSize(4), idx).as((h, rules, last) ->
                "network S {\n" + h + "  input x;\n  h_0 = a(w x);\n" + String.join("", rules) + "  loss L(h_{" + last
                        + "});\n}\n");
    }

    static final List<String> SAMPLES = samples();

    private static List<String> samples() {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("gradpath.samples", "samples")))) {
            return s.filter(p -> p.toString().endsWith(".nn")).sorted().map(p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Provide
    Arbitrary<String> mutated() {
        return Mutations.of(Arbitraries.of(SAMPLES), VOCABULARY);
    }
}
