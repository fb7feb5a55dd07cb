package io.github.gradpath.derive;

/** The three ways to write one gradient; expanded, they are the same sum of paths. */
public enum Form {
    /** One product per target, shared regions named and defined separately (the textbook style). */
    FACTORED,
    /** The definition: the sum over all paths of the products of edge factors. */
    PATHS,
    /** Reverse mode: {@code ∂L/∂v = Σ ∂L/∂c · ∂c/∂v} over the users c of v; linear in the graph. */
    ADJOINT
}
