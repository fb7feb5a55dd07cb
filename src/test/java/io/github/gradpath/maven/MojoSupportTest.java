package io.github.gradpath.maven;

import io.github.gradpath.derive.Form;
import io.github.gradpath.render.Format;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MojoSupportTest {
    @Test
    void enumParametersIgnoreCaseAndNameTheAllowedValues() throws MojoExecutionException {
        assertEquals(Format.MYST, MojoSupport.parse("format", "MyST", Format.class));
        assertEquals(Form.PATHS, MojoSupport.parse("form", " paths ", Form.class));
        MojoExecutionException e = assertThrows(MojoExecutionException.class,
                () -> MojoSupport.parse("form", "textbook", Form.class));
        assertEquals("gradpath: invalid form 'textbook' (expected one of factored, paths, adjoint)", e.getMessage());
    }

    @Test
    void languagesComeFromTheTemplates(@TempDir Path dir) throws IOException, MojoExecutionException {
        assertEquals("zh", MojoSupport.lang("zh", null));
        assertTrue(assertThrows(MojoExecutionException.class, () -> MojoSupport.lang("fr", null))
                .getMessage().startsWith("gradpath: invalid lang 'fr'"));
        assertThrows(MojoExecutionException.class, () -> MojoSupport.lang("../en", null));
        Files.createDirectories(dir.resolve("lang"));
        Files.writeString(dir.resolve("lang/fr.properties"), "where=où les facteurs nommés sont\n");
        assertEquals("fr", MojoSupport.lang("fr", dir.toFile()));
        assertTrue(assertThrows(MojoExecutionException.class, () -> MojoSupport.lang("en", dir.resolve("nope").toFile()))
                .getMessage().endsWith("nope does not exist"));
    }
}
