package io.github.gradpath.dsl;

import io.github.gradpath.diag.Diagnostics;

import java.util.Map;
import java.util.Optional;

/**
 * A parsed file ({@link NetworkParser#read}), and, for a big concrete one, its network bound while it was parsed
 * ({@link Prebinder}). {@link #bind} gives what binding after the parse gives, either way.
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

    public NetworkSpec spec() { return spec; }

    /** Whether the network was bound while it was parsed (tests ask; the result is the same). */
    boolean boundAlong() { return bound != null; }

    /** {@code Instantiator.instantiate(spec(), Map.of(), diags)}: every index unbound. */
    public Optional<Network> bind(Diagnostics diags) {
        return bound != null ? bound.result(diags) : Instantiator.instantiate(spec, Map.of(), diags);
    }
}
