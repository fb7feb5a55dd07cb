package io.github.gradpath.verify;

import java.util.List;

/**
 * How to verify: the width {@code dim} of every vector (or, with {@code randomWidths}, the largest width, each
 * class of equal widths getting one drawn from the seed), the {@code seed} of the weights and inputs, the
 * relative-error {@code tolerance}, the {@code targets} (node ids; null: every parameter) and the paths form's
 * term limit.
 */
public record VerifyOptions(int dim, long seed, double tolerance, boolean randomWidths, List<Integer> targets,
                            int maxPathTerms) {
    public static final int DEFAULT_DIM = 4;
    public static final double DEFAULT_TOLERANCE = 1e-6;

    public VerifyOptions {
        if (dim < 1) throw new IllegalArgumentException("dim must be at least 1");
        if (!(tolerance > 0)) throw new IllegalArgumentException("tolerance must be positive");
        targets = targets == null ? null : List.copyOf(targets);
    }

    public static VerifyOptions defaults() {
        return new VerifyOptions(DEFAULT_DIM, 1, DEFAULT_TOLERANCE, false, null,
                io.github.gradpath.derive.Deriver.DEFAULT_MAX_PATH_TERMS);
    }

    public VerifyOptions withTargets(List<Integer> t) {
        return new VerifyOptions(dim, seed, tolerance, randomWidths, t, maxPathTerms);
    }
}
