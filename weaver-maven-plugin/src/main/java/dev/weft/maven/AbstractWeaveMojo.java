package dev.weft.maven;

import dev.weft.weaver.ClassWeaver;
import dev.weft.weaver.DirectoryWeaver;
import dev.weft.weaver.SourceDeclarations;
import dev.weft.weaver.TypeHierarchy;
import dev.weft.weaver.WeaveError;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What the two goals share: weave one classes directory against a class path, log what was
 * done, and fail the build with every {@code File.java:line: message} when something cannot be
 * woven.
 */
abstract class AbstractWeaveMojo extends AbstractMojo {

    /** List every woven method with the lines of its suspension points. */
    @Parameter(property = "weft.verbose", defaultValue = "false")
    boolean verbose;

    /** Skip weaving altogether. */
    @Parameter(property = "weft.skip", defaultValue = "false")
    boolean skip;

    /** Where the state of the classes directory is kept between builds (see DirectoryWeaver). */
    @Parameter(defaultValue = "${project.build.directory}/weft", readonly = true, required = true)
    File stateDirectory;

    /** The classes directory to weave in place. */
    abstract File classesDirectory();

    /** The name of this goal's state file in {@link #stateDirectory}. */
    abstract String stateFileName();

    /** The class path the classes were compiled against (including the directory itself). */
    abstract List<String> classpath();

    /** The source roots, to locate declarations in error messages. */
    abstract List<String> sourceRoots();

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("weft: skipped");
            return;
        }
        Path classes = classesDirectory().toPath();
        if (!Files.isDirectory(classes)) {
            getLog().info("weft: no classes in " + classes);
            return;
        }
        DirectoryWeaver.Summary summary;
        try (URLClassLoader loader = new URLClassLoader(urls(classes), null)) {
            // Made only if a class file changed: a rebuild with nothing new loads no ASM class.
            summary = new DirectoryWeaver(() -> new ClassWeaver(TypeHierarchy.of(loader),
                    new SourceDeclarations(sourceRoots().stream().map(Path::of).toList())))
                    .weave(classes,
                    stateDirectory.toPath().resolve(stateFileName()));
        } catch (IOException e) {
            throw new MojoExecutionException("weft: cannot weave " + classes + ": " + e, e);
        }
        if (!summary.errors().isEmpty()) {
            StringBuilder message = new StringBuilder("weft: cannot weave ")
                    .append(summary.errors().size()).append(" problem(s):");
            summary.errors().stream()
                    .sorted(Comparator.comparing(WeaveError::sourceFile)
                            .thenComparingInt(WeaveError::line))
                    .forEach(error -> message.append(System.lineSeparator()).append(error));
            throw new MojoFailureException(message.toString());
        }
        getLog().info(BuildLog.summary(summary));
        if (verbose) {
            for (ClassWeaver.WovenMethod m : summary.methods()) {
                getLog().info("weft:   " + m.owner().replace('/', '.') + "." + m.method()
                        + ": " + m.lines().size() + " suspension point(s)"
                        + (m.lines().isEmpty() ? "" : " at lines " + m.lines()));
            }
        }
    }

    private URL[] urls(Path classes) throws MojoExecutionException {
        List<URL> urls = new ArrayList<>();
        try {
            urls.add(classes.toUri().toURL());
            for (String element : classpath()) {
                urls.add(new File(element).toURI().toURL());
            }
        } catch (MalformedURLException e) {
            throw new MojoExecutionException("weft: bad class path element: " + e.getMessage(), e);
        }
        return urls.toArray(new URL[0]);
    }
}
