package dev.nabla.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Generates a Java class for every Nabla model file under {@code src/main/nabla} and adds the output folder
 * to the compile source roots. Each class extends {@code dev.nabla.runtime.GeneratedModel} and needs only
 * {@code dev.nabla:nabla-runtime} to compile and run. Unchanged models are not regenerated; the classes of
 * removed models are deleted. Model errors fail the build with one {@code file:line:col: error: message}
 * line per problem.
 *
 * @since 0.1.0
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractGenerateMojo {
    /**
     * The folder of the model files. A model's sub-folder gives its package.
     *
     * @since 0.1.0
     */
    @Parameter(property = "nabla.sourceDirectory", defaultValue = "${project.basedir}/src/main/nabla", required = true)
    File sourceDirectory;

    /**
     * Where the generated Java files go; added to the project's compile source roots.
     *
     * @since 0.1.0
     */
    @Parameter(property = "nabla.outputDirectory", defaultValue = "${project.build.directory}/generated-sources/nabla",
            required = true)
    File outputDirectory;

    @Override
    File sourceDirectory() { return sourceDirectory; }

    @Override
    File outputDirectory() { return outputDirectory; }

    @Override
    void addSourceRoot(String path) { project.addCompileSourceRoot(path); }

    @Override
    String goal() { return "generate"; }
}
