package dev.nabla.maven;

import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.lang.model.SourceVersion;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/** What {@code generate} and {@code test-generate} share: the parameters and the run. */
abstract class AbstractGenerateMojo extends AbstractMojo {
    /**
     * Ant-style patterns of the model files to compile, relative to the source directory. On the command
     * line: a comma-separated list.
     *
     * @since 0.1.0
     */
    @Parameter(property = "nabla.includes", defaultValue = "**/*.nabla")
    List<String> includes = new ArrayList<>(List.of("**/*.nabla"));

    /**
     * Ant-style patterns of model files to leave out, relative to the source directory (e.g.
     * {@code drafts/**}). On the command line: a comma-separated list.
     *
     * @since 0.1.0
     */
    @Parameter(property = "nabla.excludes")
    List<String> excludes = new ArrayList<>();

    /**
     * The package of every generated class. When not set, a model's package follows its folder below the
     * source directory: {@code src/main/nabla/com/acme/iris.nabla} becomes {@code com.acme.IrisModel}, and a
     * model directly in the source directory lands in the unnamed package.
     *
     * @since 0.1.0
     */
    @Parameter(property = "nabla.packageName")
    String packageName;

    /**
     * Encoding of the generated Java files. Characters it cannot represent are written as unicode escapes.
     * Model files themselves are always read as UTF-8.
     *
     * @since 0.1.0
     */
    @Parameter(property = "nabla.encoding", defaultValue = "${project.build.sourceEncoding}")
    String encoding;

    /**
     * Skips the goal: nothing is generated, deleted or added to the build.
     *
     * @since 0.1.0
     */
    @Parameter(property = "nabla.skip", defaultValue = "false")
    boolean skip;

    /** The project whose source roots get the output directory. */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    /** This plugin: its version (and, for snapshots, its jars) decide whether earlier output is still valid. */
    @Parameter(defaultValue = "${plugin}", readonly = true)
    PluginDescriptor plugin;

    /** This execution: its id keeps the state of several executions of a goal apart. */
    @Parameter(defaultValue = "${mojoExecution}", readonly = true)
    MojoExecution mojoExecution;

    /** The state of the last run is kept in {@code nabla-state/} below this folder. */
    @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
    File buildDirectory;

    /** Where the model files are. */
    abstract File sourceDirectory();

    /** Where the generated Java goes. */
    abstract File outputDirectory();

    /** Adds the output directory to the project's compile or test-compile source roots. */
    abstract void addSourceRoot(String path);

    /** The goal's name, which names the folder of its state files under {@code target/nabla-state}. */
    abstract String goal();

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping Nabla code generation (nabla.skip)");
            return;
        }
        if (packageName != null && !packageName.isBlank() && !SourceVersion.isName(packageName.trim())) {
            throw new MojoFailureException("packageName '" + packageName + "' is not a valid Java package name");
        }
        File src = sourceDirectory();
        File out = outputDirectory();
        Generator.Config config = new Generator.Config(project.getBasedir().toPath(), src.toPath(), out.toPath(),
                stateFile().toPath(), includes, excludes, packageName,
                charset(), fingerprint());
        Generator.Result r;
        try {
            r = new Generator(config, new MavenReporter()).run();
        } catch (IOException e) {
            throw new MojoExecutionException("Nabla code generation failed: " + e, e);
        }
        if (r.failed()) {
            throw new MojoFailureException(r.errors() + (r.errors() == 1 ? " error" : " errors") + " in "
                    + r.failedModels() + " of " + r.models() + " model " + (r.models() == 1 ? "file" : "files")
                    + "; see the messages above");
        }
        if (r.models() == 0) {
            getLog().info("No model files in " + src + (Files.isDirectory(src.toPath()) ? " match the includes" : ""));
        } else if (r.generated() == 0) {
            getLog().info("Nothing to generate - all " + r.models() + " model " + (r.models() == 1 ? "file is" : "files are")
                    + " up to date");
        } else {
            getLog().info("Generated " + r.generated() + " of " + r.models() + " model "
                    + (r.models() == 1 ? "file" : "files") + " into " + out + " (" + r.upToDate() + " up to date)");
        }
        if (out.isDirectory()) addSourceRoot(out.getAbsolutePath());
    }

    /**
     * Where this execution remembers what it generated: {@code target/nabla-state/GOAL/EXECUTION-ID.state}, so
     * that two executions with different folders never take each other's output for their own.
     */
    File stateFile() {
        String id = mojoExecution == null || mojoExecution.getExecutionId() == null ? "default"
                : mojoExecution.getExecutionId().replaceAll("[^A-Za-z0-9._-]", "_");
        return new File(new File(new File(buildDirectory, "nabla-state"), goal()), id + ".state");
    }

    private Charset charset() throws MojoExecutionException {
        if (encoding == null || encoding.isBlank()) {
            getLog().debug("No encoding set (project.build.sourceEncoding): writing UTF-8");
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(encoding.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new MojoExecutionException("unknown encoding '" + encoding + "' (nabla.encoding)");
        }
    }

    /**
     * Identifies the code generator: the plugin's version, and for snapshots also the size and time of
     * the plugin's and Nabla's jars, so that rebuilding the plugin regenerates the models.
     */
    String fingerprint() {
        if (plugin == null) return "unknown";
        StringBuilder sb = new StringBuilder(plugin.getGroupId() + ":" + plugin.getArtifactId() + ":" + plugin.getVersion());
        if (plugin.getVersion() != null && plugin.getVersion().endsWith("-SNAPSHOT")) {
            Map<String, String> jars = new TreeMap<>();
            List<Artifact> artifacts = new ArrayList<>();
            if (plugin.getPluginArtifact() != null) artifacts.add(plugin.getPluginArtifact());
            if (plugin.getArtifacts() != null) artifacts.addAll(plugin.getArtifacts());
            for (Artifact a : artifacts) {
                File f = a.getFile();
                if (f != null && f.isFile() && a.getGroupId().equals(plugin.getGroupId())) {
                    jars.put(a.getArtifactId(), f.length() + "@" + f.lastModified());
                }
            }
            jars.forEach((k, v) -> sb.append(';').append(k).append('=').append(v));
        }
        return sb.toString();
    }

    /** The Maven log as the generator's reporter. */
    private final class MavenReporter implements Generator.Reporter {
        @Override public void debug(String message) { getLog().debug(message); }
        @Override public void info(String message) { getLog().info(message); }
        @Override public void warn(String message) { getLog().warn(message); }
        @Override public void error(String message) { getLog().error(message); }
    }
}
