package io.github.gradpath.dsl;

import io.github.gradpath.diag.Pos;

import java.util.List;

/**
 * A name as written: base identifier plus subscripts, e.g. {@code h_{n+1}}; positions point at the base.
 * {@code bare} marks a single unbraced identifier subscript ({@code h_p}, {@code w_y}): an index when one of
 * that name is in scope, else a literal label.
 */
public record NameRef(String base, List<Linear> subscripts, Pos pos, boolean bare) {
    public NameRef {
        subscripts = List.copyOf(subscripts);
    }

    public NameRef(String base, List<Linear> subscripts, Pos pos) {
        this(base, subscripts, pos, false);
    }

    @Override
    public String toString() {
        if (subscripts.isEmpty()) return base;
        StringBuilder sb = new StringBuilder(base).append('_');
        if (subscripts.size() == 1 && subscripts.get(0).toString().matches("[A-Za-z0-9]")) {
            return sb.append(subscripts.get(0)).toString();
        }
        sb.append('{');
        for (int i = 0; i < subscripts.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(subscripts.get(i));
        }
        return sb.append('}').toString();
    }
}
