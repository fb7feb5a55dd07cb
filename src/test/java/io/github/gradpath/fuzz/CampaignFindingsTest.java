package io.github.gradpath.fuzz;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What src/bench/campaign.sh found, one regression test each (the input as the campaign reported it). */
class CampaignFindingsTest {
    private static final Pattern ANY = Pattern.compile("gradpath: error: ");

    /**
     * cli reader, input 11 of seed 20261201: {@code check --layout é --unknown <NUL> myst}. picocli's own Path
     * conversion printed "cannot convert ... (java.nio.file.InvalidPathException: Nul character not allowed".
     */
    @Test
    void aFileNameWithANulByteIsAUsageError() {
        for (String[] args : new String[][] {{"check", "a\0b.rst"}, {"check", "--network", "\0", "d.rst"},
                {"derive", "-o", "x\0.rst", "-"}, {"graph", "-o", "\0", "-"}, {"derive", "--templates", "\0", "-"}}) {
            Promise.Run r = Promise.cli("network N {\n  input x;\n  h = a(w x);\n  loss L(h);\n}\n", args);
            Promise.check(r, Set.of(2), ANY, String.join(" ", args));
            assertFalse(r.err().contains("java."), r.err());
            assertTrue(r.err().contains("a file name cannot contain a NUL character"), r.err());
            assertEquals("", r.out());
        }
    }
}
