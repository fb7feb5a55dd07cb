package io.github.gradpath.derive;

/**
 * How {@code derive --expand} writes derivatives. NUMERATOR: every {@code ∂u/∂v} is the Jacobian
 * ({@code |u| × |v|}), a gradient {@code ∂L/∂h} is a row vector, products run in the written (chain) order, and
 * {@code ∂L/∂W} has the shape of {@code W^\top}. DENOMINATOR: every {@code ∂u/∂v} is the transposed Jacobian
 * ({@code |v| × |u|}), a gradient is a column vector, products run from the node back to the loss, and
 * {@code ∂L/∂W} has the shape of {@code W} ({@code δ h^\top}).
 */
public enum Layout { NUMERATOR, DENOMINATOR }
