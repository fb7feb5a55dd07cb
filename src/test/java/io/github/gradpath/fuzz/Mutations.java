package io.github.gradpath.fuzz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.List;

/** Small edits of a valid input: what a typo, a bad merge or an attacker does to a file. */
final class Mutations {
    private Mutations() {}

    record Edit(int kind, double at, double length, String fragment) {}

    static Arbitrary<List<Edit>> edits(List<String> fragments) {
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, 5),
                Arbitraries.doubles().between(0, 1), Arbitraries.doubles().between(0, 0.2),
                Arbitraries.of(fragments)).as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(6);
    }

    static Arbitrary<String> of(Arbitrary<String> seeds, List<String> fragments) {
        return Combinators.combine(seeds, edits(fragments)).as(Mutations::apply);
    }

    static String apply(String text, List<Edit> edits) {
        StringBuilder sb = new StringBuilder(text);
        for (Edit e : edits) {
            int at = (int) (e.at() * sb.length());
            int len = Math.min(sb.length() - at, (int) (e.length() * sb.length()));
            switch (e.kind()) {
                case 0 -> sb.delete(at, at + len);                                       // cut
                case 1 -> sb.insert(at, sb.substring(at, at + len));                     // duplicate
                case 2 -> sb.insert(at, e.fragment());                                   // insert a token
                case 3 -> { if (at < sb.length()) sb.setCharAt(at, e.fragment().isEmpty() ? ' ' : e.fragment().charAt(0)); }
                case 4 -> sb.insert(at, "(".repeat(1 + len % 400));                      // deep brackets
                default -> sb.insert(at, e.fragment().repeat(1 + len % 50));             // a run of one token
            }
        }
        return sb.toString();
    }
}
