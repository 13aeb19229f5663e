// What a user sees when a coroutine cannot work: every problem, as File.java:line: what to do.
def log = new File(basedir, 'build.log').text
def expect = { String text ->
    if (!log.contains(text)) {
        throw new AssertionError("build.log lacks: " + text)
    }
}
expect('weft: cannot weave 6 problem(s):')
expect('dev/weft/it/Mistakes.java:16: Co.yield inside synchronized code in Mistakes.guarded()')
expect('dev/weft/it/Mistakes.java:23: Co.yield inside a lambda in Mistakes.each() whose functional interface returns void')
expect('dev/weft/it/Mistakes.java:28: @Coroutine Mistakes.wrongType() returns java.util.List')
expect('dev/weft/it/Mistakes.java:35: Co.yield inside a lambda in Mistakes.notACoroutine() whose functional interface returns java.lang.Object')
expect('dev/weft/it/Mistakes.java:40: Co.await in generator a lambda in Mistakes.awaitInAGeneratorLambda()')
expect('dev/weft/it/Mistakes.java:48: Co.await inside synchronized code in a lambda in Mistakes.guardedLambda()')
// Nothing half-woven is left behind.
def frames = new File(basedir, 'target/classes/dev/weft/it').listFiles().findAll { it.name.contains('$weft$') }
if (!frames.isEmpty()) {
    throw new AssertionError("frame classes were written although the build failed: " + frames)
}
return true
