package io.github.gradpath.dsl;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** {@link NodeId}: the single-index constructor makes the same name as the list one; order and text as written. */
class NodeIdTest {
    @Test
    void oneIndexWithoutAListIsTheSameName() {
        for (long k : new long[] {0, 5, 127, 128, 100_000, -3, Long.MAX_VALUE, Long.MIN_VALUE}) {
            NodeId a = new NodeId("h", k), b = new NodeId("h", List.of(k)), c = NodeId.of("h", k);
            assertEquals(b, a);
            assertEquals(a, c);
            assertEquals(b.hashCode(), a.hashCode());
            assertEquals(0, a.compareTo(b));
            assertEquals(List.of(k), a.indices());
            assertEquals(b.toString(), a.toString());
            assertEquals(a.hashCode(), NodeId.hashOf("h", k)); // the instantiator looks names up by it
            assertEquals(1, a.arity());
            assertTrue(a.is("h", k) && b.is("h", k));
            assertFalse(a.is("h", k + 1) || a.is("w", k) || new NodeId("h", List.of(k), "y").is("h", k));
        }
        assertNotEquals(new NodeId("h", 1), new NodeId("h", List.of(1L, 1L)));
        assertNotEquals(new NodeId("h", 1), new NodeId("h", List.of(1L), "1"));
        assertNotEquals(new NodeId("h", 1), new NodeId("w", 1));
        assertEquals("h_{10}", new NodeId("h", 10).toString());
        assertEquals("h_3", new NodeId("h", 3).toString());
        assertEquals("w_y", new NodeId("w", List.of(), "y").toString());
        assertEquals("h_{1,2}", NodeId.of("h", 1, 2).toString());
        assertEquals("y", new NodeId("y", List.of()).toString());
    }

    @Test
    void indicesAreAnUnmodifiableCopy() {
        List<Long> written = new ArrayList<>(List.of(1L, 2L));
        NodeId id = new NodeId("h", written);
        written.set(0, 9L);
        assertEquals(List.of(1L, 2L), id.indices());
        assertThrows(UnsupportedOperationException.class, () -> id.indices().set(0, 3L));
        assertThrows(NullPointerException.class, () -> new NodeId("h", java.util.Arrays.asList(1L, null)));
    }

    @Test
    void orderIsBaseThenLabelThenIndices() {
        TreeSet<NodeId> s = new TreeSet<>(List.of(new NodeId("h", 10), new NodeId("h", 2), NodeId.of("h", 2, 1),
                new NodeId("a", 7), new NodeId("h", List.of()), new NodeId("w", List.of(), "y")));
        assertEquals("[a_7, h, h_2, h_{2,1}, h_{10}, w_y]", s.toString());
    }
}
