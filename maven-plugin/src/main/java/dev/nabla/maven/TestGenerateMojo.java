package dev.nabla.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Generates a Java class for every Nabla model file under {@code src/test/nabla} and adds the output folder
 * to the test compile source roots: models that only tests use. Otherwise the same as {@code generate}.
 *
 * @since 0.1.0
 */
@Mojo(name = "test-generate", defaultPhase = LifecyclePhase.GENERATE_TEST_SOURCES, threadSafe = true)
public class TestGenerateMojo extends AbstractGenerateMojo {
    /**
     * The folder of the test model files. A model's sub-folder gives its package.
     *
     * @since 0.1.0
     */
    @Parameter(property = "nabla.testSourceDirectory", defaultValue = "${project.basedir}/src/test/nabla",
            required = true)
    File testSourceDirectory;

    /**
     * Where the generated test Java files go; added to the project's test compile source roots.
     *
     * @since 0.1.0
     */
    @Parameter(property = "nabla.testOutputDirectory",
            defaultValue = "${project.build.directory}/generated-test-sources/nabla", required = true)
    File testOutputDirectory;

    @Override
    File sourceDirectory() { return testSourceDirectory; }

    @Override
    File outputDirectory() { return testOutputDirectory; }

    @Override
    void addSourceRoot(String path) { project.addTestCompileSourceRoot(path); }

    @Override
    String goal() { return "test-generate"; }
}
