package io.github.gradpath.graph;

import io.github.gradpath.dsl.NodeId;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Node names to node numbers: open addressing over two arrays, no entry objects and no boxed numbers. A
 * 100,000-layer graph's {@code HashMap<NodeId, Integer>} held 210,000 entries and as many Integers to the end,
 * each copied by the collector, and each lookup read three objects. {@link #boxed} gives one Integer per node,
 * the same object every time, as the map did (callers may compare two of them with {@code ==}).
 */
final class NameIndex {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Integer[].class);

    private NodeId[] keys;
    private int[] values;
    private int size;
    private Integer[] boxes = new Integer[0];

    NameIndex(int expected) {
        int cap = Integer.highestOneBit(Math.max(8, expected) * 2 - 1) << 1;
        keys = new NodeId[cap];
        values = new int[cap];
    }

    /** The number of {@code name}, or -1. */
    int get(NodeId name) {
        int mask = keys.length - 1;
        for (int k = name.hashCode() & mask; ; k = (k + 1) & mask) {
            NodeId key = keys[k];
            if (key == null) return -1;
            if (key == name || key.equals(name)) return values[k];
        }
    }

    /** Gives {@code name} the number {@code value}, in place of any it had. */
    void put(NodeId name, int value) {
        if (2 * (size + 1) > keys.length) grow();
        int mask = keys.length - 1;
        for (int k = name.hashCode() & mask; ; k = (k + 1) & mask) {
            NodeId key = keys[k];
            if (key == null) {
                keys[k] = name;
                values[k] = value;
                size++;
                return;
            }
            if (key == name || key.equals(name)) {
                values[k] = value;
                return;
            }
        }
    }

    private void grow() {
        NodeId[] oldKeys = keys;
        int[] oldValues = values;
        keys = new NodeId[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) if (oldKeys[i] != null) put(oldKeys[i], oldValues[i]);
    }

    /** Sized for node numbers below {@code n}; called once the graph is built. */
    void nodes(int n) { boxes = new Integer[n]; }

    /** {@link #get} as the one Integer of that node, or null. */
    Integer boxed(NodeId name) {
        int v = get(name);
        if (v < 0) return null;
        Integer b = (Integer) SLOT.getAcquire(boxes, v);
        if (b != null) return b;
        Integer made = v; // NOPMD: a new box only when the cache has none
        Integer prev = (Integer) SLOT.compareAndExchange(boxes, v, (Integer) null, made);
        return prev != null ? prev : made;
    }
}
