package dev.weft.weaver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.objectweb.asm.ClassReader;

/**
 * Superclasses and interfaces of the classes a woven class mentions, read from class files (never
 * by loading the classes: the user's static initializers must not run at build time).
 *
 * <p>Both the frame analysis (precise types of saved values) and the class writer (stack map
 * frames) need to know how types relate; this is the one place that answers.
 */
public final class TypeHierarchy {
    private static final String OBJECT = "java/lang/Object";

    /** What is known of one class. */
    private record Node(String superName, List<String> interfaces, boolean isInterface) {
    }

    private final Function<String, byte[]> classBytes;
    private final Map<String, Node> nodes = new HashMap<>();

    /**
     * A hierarchy over class files found by {@code classBytes}.
     *
     * @param classBytes the bytes of a class file by internal name, or null when there is none
     */
    public TypeHierarchy(Function<String, byte[]> classBytes) {
        this.classBytes = classBytes;
    }

    /**
     * A hierarchy over the class files a class loader can find as resources, falling back to the
     * JDK's own classes.
     *
     * @param loader where to look for {@code .class} resources
     * @return the hierarchy
     */
    public static TypeHierarchy of(ClassLoader loader) {
        return new TypeHierarchy(name -> {
            String resource = name + ".class";
            try (InputStream in = open(loader, resource)) {
                return in == null ? null : in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * The class file this hierarchy reads for a class.
     *
     * @param name an internal class name
     * @return its bytes, or null when there is none
     */
    public byte[] classFile(String name) {
        return classBytes.apply(name);
    }

    private static InputStream open(ClassLoader loader, String resource) {
        InputStream in = loader.getResourceAsStream(resource);
        return in != null ? in : ClassLoader.getSystemResourceAsStream(resource);
    }

    /**
     * Tells whether an internal name denotes an interface.
     *
     * @param name an internal class name
     * @return whether it is an interface; false when the class cannot be found
     */
    public boolean isInterface(String name) {
        return node(name).isInterface();
    }

    /**
     * The superclass of a class.
     *
     * @param name an internal class name
     * @return its superclass, null for {@code java/lang/Object} and interfaces' Object
     */
    public String superName(String name) {
        return OBJECT.equals(name) ? null : node(name).superName();
    }

    /**
     * Whether a value of class {@code sub} can be assigned to {@code sup}, following superclasses
     * and interfaces.
     *
     * @param sup the target class
     * @param sub the source class
     * @return whether {@code sub} is {@code sup} or a subtype of it
     */
    public boolean isAssignableFrom(String sup, String sub) {
        if (sup.equals(sub) || OBJECT.equals(sup)) {
            return true;
        }
        if (OBJECT.equals(sub)) {
            return false;
        }
        Node node = node(sub);
        if (node.superName() != null && isAssignableFrom(sup, node.superName())) {
            return true;
        }
        for (String itf : node.interfaces()) {
            if (isAssignableFrom(sup, itf)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The most specific common superclass of two classes, as the JVM's type checker merges them:
     * interfaces merge to {@code java/lang/Object}.
     *
     * @param a an internal class name
     * @param b another
     * @return their common superclass
     */
    public String commonSuperClass(String a, String b) {
        if (isAssignableFrom(a, b)) {
            return a;
        }
        if (isAssignableFrom(b, a)) {
            return b;
        }
        if (isInterface(a) || isInterface(b)) {
            return OBJECT;
        }
        String c = a;
        do {
            c = superName(c);
        } while (c != null && !isAssignableFrom(c, b));
        return c == null ? OBJECT : c;
    }

    private Node node(String name) {
        Node node = nodes.get(name);
        if (node == null) {
            node = read(name);
            nodes.put(name, node);
        }
        return node;
    }

    private Node read(String name) {
        byte[] bytes = classBytes.apply(name);
        if (bytes == null) {
            // Unknown to the build's class path: treat it as a plain class. The stack map frames
            // then fall back to Object for it, which the JVM's verifier checks again at load time.
            return new Node(OBJECT, List.of(), false);
        }
        ClassReader reader = new ClassReader(bytes);
        boolean itf = (reader.getAccess() & org.objectweb.asm.Opcodes.ACC_INTERFACE) != 0;
        return new Node(reader.getSuperName(), List.of(reader.getInterfaces()), itf);
    }
}
