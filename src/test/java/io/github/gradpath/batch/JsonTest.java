package io.github.gradpath.batch;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {
    @Test
    void readsEveryKindOfValue() throws Exception {
        Object v = Json.parse(" {\"a\": [1, -2.5e3, true, false, null, \"x\\u00e9\\n\\\"\\\\\\/\"], \"b\": {}, \"c\": []} ");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", Arrays.asList(new BigDecimal("1"), new BigDecimal("-2.5e3"), true, false, null, "xé\n\"\\/"));
        expected.put("b", Map.of());
        expected.put("c", List.of());
        assertEquals(expected, v);
    }

    @Test
    void keepsKeyOrderAndWritesCompactly() throws Exception {
        String text = "{\"z\":1,\"a\":[\"\\t\",null,{\"m\":false}],\"é\":\"\\u2028\"}";
        assertEquals(text, Json.write(Json.parse(text)));
    }

    @Test
    void escapesWhatWouldBreakALine() {
        assertEquals("\"a\\nb\\r\\u0001\\u2029\\\"\\\\\"", Json.write("a\nb\r\u0001\u2029\"\\"));
    }

    @Test
    void errorsCarryTheirOffset() {
        assertError("{\"a\":1,}", 7, "expected a string key, found '}'");
        assertError("{\"a\" 1}", 5, "expected ':' after the key, found '1'");
        assertError("[1 2]", 3, "expected ',' or ']', found '2'");
        assertError("{\"a\":1,\"a\":2}", 7, "duplicate key \"a\"");
        assertError("\"abc", 4, "unterminated string");
        assertError("01", 1, "unexpected '1' after the JSON value");
        assertError("[1,", 3, "expected a value, found the end of the line");
        assertError("tru", 0, "expected a value, found 't'");
        assertError("\"\\x\"", 1, "unknown escape \\x");
        assertError("\"a\tb\"", 2, "control character U+0009 in a string (escape it)");
        assertError("-", 1, "expected a digit, found the end of the line");
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String deep = "[".repeat(100_000);
        Json.ParseError e = assertThrows(Json.ParseError.class, () -> Json.parse(deep));
        assertEquals(Json.MAX_DEPTH, e.offset());
        // Nesting up to the limit is fine, both ways.
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        Object v = assertDoesNotFail(ok);
        assertEquals(ok, Json.write(v));
    }

    @Test
    void writesDeepValuesWithoutRecursion() {
        List<Object> root = new ArrayList<>();
        List<Object> cur = root;
        for (int i = 0; i < 100_000; i++) {
            List<Object> next = new ArrayList<>();
            cur.add(next);
            cur = next;
        }
        String s = Json.write(root);
        assertEquals(200_002, s.length());
        assertTrue(s.startsWith("[[[") && s.endsWith("]]]"));
    }

    private static Object assertDoesNotFail(String text) {
        try {
            return Json.parse(text);
        } catch (Json.ParseError e) {
            throw new AssertionError(e.getMessage() + " at " + e.offset());
        }
    }

    private static void assertError(String text, int offset, String message) {
        Json.ParseError e = assertThrows(Json.ParseError.class, () -> Json.parse(text), text);
        assertEquals(message, e.getMessage(), text);
        assertEquals(offset, e.offset(), text);
    }
}
