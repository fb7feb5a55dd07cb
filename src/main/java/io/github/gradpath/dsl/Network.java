package io.github.gradpath.dsl;

import io.github.gradpath.diag.Pos;
import io.github.gradpath.diag.Source;

import java.util.List;
import java.util.Map;

/**
 * A network with every index bound and every name resolved: the model the graph is built from. Definitions are
 * in source order (loop instances in loop order); the loss is the last definition's target.
 */
public record Network(Source source, String name, List<Leaf> inputs, List<Leaf> params, List<Definition> definitions,
                      Definition loss, List<NodeId> show, Map<String, Long> binding, List<String> scalars) {

    public Network {
        scalars = List.copyOf(scalars);
    }

    public Network(Source source, String name, List<Leaf> inputs, List<Leaf> params, List<Definition> definitions,
                   Definition loss, List<NodeId> show, Map<String, Long> binding) {
        this(source, name, inputs, params, definitions, loss, show, binding, List.of());
    }

    /** A declared or implied leaf node and where it is first written. */
    public record Leaf(NodeId id, Pos pos) {}

    /** {@code target = formula}, from the rule at {@code pos} (for an indexed rule, {@code loopValue} says which). */
    public record Definition(NodeId target, Formula formula, Pos pos, String loopNote) {}
}
