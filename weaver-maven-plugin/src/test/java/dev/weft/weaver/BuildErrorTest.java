package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Coroutines that cannot work are build errors naming File.java:line and what to do. */
class BuildErrorTest {
    private static final Path SOURCES = Path.of("src/test/java");

    private static List<String> errors(String simpleName) {
        ClassWeaver weaver = new ClassWeaver(
                TypeHierarchy.of(BuildErrorTest.class.getClassLoader()),
                new SourceDeclarations(List.of(SOURCES)));
        ClassWeaver.Result result = weaver.weave(
                WeavingClassLoader.original("dev/weft/fixtures/bad/" + simpleName));
        assertNull(result.woven(), "nothing is written for a class with errors");
        return result.errors().stream().map(WeaveError::toString).toList();
    }

    private static void assertError(List<String> errors, String location, String... words) {
        String match = errors.stream().filter(e -> e.startsWith(location)).findFirst()
                .orElseThrow(() -> new AssertionError("no error at " + location + " in " + errors));
        for (String w : words) {
            assertTrue(match.contains(w), "'" + w + "' missing from: " + match);
        }
    }

    @Test
    void suspensionInsideSynchronizedBlockOrMethod() {
        List<String> errors = errors("InSynchronized");
        assertEquals(2, errors.size(), errors.toString());
        assertError(errors, "dev/weft/fixtures/bad/InSynchronized.java:13: ", "synchronized",
                "monitor");
        assertError(errors, "dev/weft/fixtures/bad/InSynchronized.java:20: ", "synchronized");
    }

    @Test
    void abstractCoroutineIsLocatedFromTheSource() {
        assertError(errors("AbstractCoroutine"),
                "dev/weft/fixtures/bad/AbstractCoroutine.java:8: ", "abstract", "implementing");
    }

    @Test
    void nativeCoroutine() {
        assertError(errors("AnnotatedConstructor"),
                "dev/weft/fixtures/bad/AnnotatedConstructor.java:7: ", "native");
    }

    @Test
    void wrongReturnType() {
        assertError(errors("WrongReturnType"), "dev/weft/fixtures/bad/WrongReturnType.java:9: ",
                "java.util.Iterator", "dev.weft.Generator", "dev.weft.Future");
    }

    @Test
    void suspensionInsideALambda() {
        assertError(errors("InLambda"), "dev/weft/fixtures/bad/InLambda.java:11: ", "lambda");
    }

    @Test
    void suspensionInAConstructorOrPlainMethod() {
        List<String> errors = errors("InConstructor");
        assertError(errors, "dev/weft/fixtures/bad/InConstructor.java:7: ", "constructor");
        assertError(errors, "dev/weft/fixtures/bad/InConstructor.java:11: ", "not a @Coroutine",
                "annotate");
    }

    @Test
    void suspensionInAStaticInitializer() {
        assertError(errors("InAnonymousClass"), "dev/weft/fixtures/bad/InAnonymousClass.java:7: ",
                "static initializer");
    }

    @Test
    void suspensionInAnAnonymousClassMethodThatIsNotACoroutine() {
        assertError(errors("InAnonymousClass$1"),
                "dev/weft/fixtures/bad/InAnonymousClass.java:13: ", "not a @Coroutine",
                "anonymous");
    }

    @Test
    void markerOfTheOtherKind() {
        List<String> errors = errors("WrongMarker");
        assertError(errors, "dev/weft/fixtures/bad/WrongMarker.java:11: ", "Co.await",
                "generator");
        assertError(errors, "dev/weft/fixtures/bad/WrongMarker.java:17: ", "Co.yield",
                "async");
    }

    @Test
    void markersInLambdasThatAreNotCoroutinesNameTheLambdaAndWhatItReturns() {
        List<String> errors = errors("LambdaErrors");
        assertEquals(6, errors.size(), errors.toString());
        assertError(errors, "dev/weft/fixtures/bad/LambdaErrors.java:13: ", "Co.yield",
                "a lambda in LambdaErrors.returnsObject()", "returns java.lang.Object",
                "dev.weft.Generator", "Generator.of(");
        assertError(errors, "dev/weft/fixtures/bad/LambdaErrors.java:17: ", "Co.await",
                "a lambda in LambdaErrors.returnsVoid()", "returns void", "IOLoop.runSync(",
                "forEach");
        assertError(errors, "dev/weft/fixtures/bad/LambdaErrors.java:43: ", "Co.await",
                "a lambda in a static initializer of LambdaErrors", "returns java.lang.Object");
    }

    @Test
    void lambdaCoroutinesHaveTheBuildErrorsOfMethods() {
        List<String> errors = errors("LambdaErrors");
        assertError(errors, "dev/weft/fixtures/bad/LambdaErrors.java:22: ", "Co.await",
                "in generator a lambda in LambdaErrors.awaitsInGeneratorLambda()");
        assertError(errors, "dev/weft/fixtures/bad/LambdaErrors.java:29: ", "Co.yield",
                "in async coroutine a lambda in LambdaErrors.yieldsInAsyncLambda()");
        assertError(errors, "dev/weft/fixtures/bad/LambdaErrors.java:37: ", "synchronized",
                "a lambda in LambdaErrors.synchronizedInLambda()", "monitor");
    }
}
