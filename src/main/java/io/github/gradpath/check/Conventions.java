package io.github.gradpath.check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a document writes its derivatives, declared in its check comment or on the command line:
 * <ul>
 * <li>{@code partials=total} (the default) or {@code immediate}: a plain {@code ∂u/∂v} on a right side between
 * neighbours is the total derivative, or the single edge (d2l, Pascanu et al.);</li>
 * <li>{@code order=output-first} (the default) or {@code input-first}: the order of the factors of a chain
 * (Nielsen and Prince write the local derivative first); {@code layout=denominator} (gradients as column
 * vectors) reads as input-first too;</li>
 * <li>{@code scalar}: every value is a number, so products commute;</li>
 * <li>{@code alias=\theta:W,E_t:l_t}: the document's names for the network's.</li>
 * </ul>
 */
record Conventions(boolean immediate, boolean inputFirst, boolean denominator, boolean scalar, Map<String, String> aliases) {
    static final Conventions DEFAULT = new Conventions(false, false, false, false, Map.of());

    Conventions {
        aliases = Map.copyOf(aliases);
    }

    Conventions withImmediate(boolean v) { return new Conventions(v, inputFirst, denominator, scalar, aliases); }

    Conventions withInputFirst(boolean v) { return new Conventions(immediate, v, denominator, scalar, aliases); }

    Conventions withScalar(boolean v) { return new Conventions(immediate, inputFirst, denominator, v, aliases); }

    /** A document variable under the aliases: {@code \theta} as {@code W}, {@code E_t} as {@code l_t}. */
    Written.Var alias(Written.Var v) {
        if (aliases.isEmpty()) return v;
        String whole = aliases.get(v.display());
        if (whole != null) {
            int u = whole.indexOf('_');
            if (u < 0) return new Written.Var(whole, List.of(), "", v.offset());
            String sub = whole.substring(u + 1).replace("{", "").replace("}", "");
            return new Written.Var(whole.substring(0, u), Names.Subscripts.parse(sub, v.offset()), sub, v.offset());
        }
        String base = aliases.get(v.base() + "_*");
        return base == null ? v : new Written.Var(base, v.subs(), v.text(), v.offset());
    }

    /** A problem with one setting: its text and what to write instead. */
    static final class Bad extends RuntimeException {
        final String setting;

        Bad(String setting, String message) {
            super(message, null, false, false);
            this.setting = setting;
        }
    }

    /** Reads settings such as {@code partials=immediate}; every setting must be known. */
    static Conventions parse(List<String> settings) {
        Conventions c = DEFAULT;
        Map<String, String> aliases = new LinkedHashMap<>();
        for (String s : settings) {
            int eq = s.indexOf('=');
            String key = eq < 0 ? s : s.substring(0, eq), value = eq < 0 ? null : s.substring(eq + 1);
            switch (key) {
                case "partials" -> c = c.withImmediate(choose(s, value, "total", "immediate"));
                case "order" -> c = c.withInputFirst(choose(s, value, "output-first", "input-first"));
                case "layout" -> {
                    boolean den = choose(s, value, "numerator", "denominator");
                    c = new Conventions(c.immediate, c.inputFirst || den, den, c.scalar, c.aliases);
                }
                case "scalar" -> {
                    if (value != null && !value.equals("true")) throw new Bad(s, "`scalar` takes no value");
                    c = c.withScalar(true);
                }
                case "alias" -> {
                    if (value == null || value.isEmpty()) throw new Bad(s, "`alias=` needs pairs `DOC:NET`, e.g. `alias=\\theta:W,E_t:l_t`");
                    for (String pair : value.split(",")) alias(s, pair, aliases);
                }
                default -> throw new Bad(s, "unknown convention `" + key + "` (known: partials=total|immediate,"
                        + " order=output-first|input-first, layout=numerator|denominator, scalar, alias=DOC:NET,...)");
            }
        }
        return new Conventions(c.immediate, c.inputFirst, c.denominator, c.scalar, aliases);
    }

    private static boolean choose(String s, String value, String no, String yes) {
        if (yes.equals(value)) return true;
        if (no.equals(value)) return false;
        throw new Bad(s, "`" + s + "`: the value must be `" + no + "` or `" + yes + "`");
    }

    /**
     * {@code \theta:W} maps the whole name; {@code E_t:l_t}, with the same subscript on both sides, maps the
     * base for every subscript ({@code E_3} is {@code l_3}).
     */
    private static void alias(String s, String pair, Map<String, String> out) {
        int colon = pair.indexOf(':');
        if (colon <= 0 || colon == pair.length() - 1) throw new Bad(s, "`" + pair + "`: an alias is `DOC:NET`");
        Written.Var from = read(s, pair.substring(0, colon)), to = read(s, pair.substring(colon + 1));
        if (!from.text().isEmpty() && from.text().equals(to.text()) && from.subs().stream().allMatch(l -> l.constant() == 0)) {
            out.put(from.base() + "_*", to.base());
        } else {
            out.put(from.display(), to.display());
        }
    }

    private static Written.Var read(String s, String name) {
        List<Tex.Tok> ts = Tex.lex(name);
        try {
            return ExprParser.var(ts, 0, ts.size());
        } catch (Written.Unreadable e) {
            throw new Bad(s, "`" + name + "` in `" + s + "` is not a name: " + e.getMessage());
        }
    }
}
