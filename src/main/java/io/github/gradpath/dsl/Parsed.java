package io.github.gradpath.dsl;

import io.github.gradpath.diag.Diagnostics;

import java.util.Map;
import java.util.Optional;

/**
 * A parsed file ({@link NetworkParser#read}), and, for a big concrete one, its network bound while it was parsed
 * ({@link Prebinder}; the spec is then kept without its rules). {@link #bind} gives what binding after the parse
 * gives, either way.
 */
public final class Parsed {
    private final NetworkSpec spec;
    private final Prebinder bound;

    Parsed(NetworkSpec spec, Prebinder bound) {
        this.spec = spec;
        this.bound = bound;
    }

    /** A spec parsed some other way: bound after, when asked. */
    public static Parsed of(NetworkSpec spec) { return new Parsed(spec, null); }

    /**
     * The whole spec. Not there for a network {@linkplain #boundAlong bound while parsed}: its rules went to the
     * binding and were not kept; {@link #header} has the rest.
     */
    public NetworkSpec spec() {
        if (bound != null) throw new IllegalStateException("bound while parsed: the rules were not kept; use header()");
        return spec;
    }

    /** The spec but, when the network was bound while parsed, for its rules: name, source, indices, loss, show. */
    public NetworkSpec header() { return spec; }

    /** Whether the network was bound while it was parsed (tests ask; the result is the same). */
    boolean boundAlong() { return bound != null; }

    /** {@code Instantiator.instantiate(spec(), Map.of(), diags)}: every index unbound. */
    public Optional<Network> bind(Diagnostics diags) {
        return bound != null ? bound.result(diags) : Instantiator.instantiate(spec, Map.of(), diags);
    }
}
