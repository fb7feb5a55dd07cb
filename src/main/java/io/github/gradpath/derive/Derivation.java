package io.github.gradpath.derive;

import java.util.List;

/** What {@code derive} produces: gradient rows, then the definitions of the named factors they use. */
public record Derivation(String network, Form form, List<Row> gradients, List<Row> definitions) {
    public Derivation {
        gradients = List.copyOf(gradients);
        definitions = List.copyOf(definitions);
    }
}
