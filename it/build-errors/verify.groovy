// What a user sees when a coroutine cannot work: every problem, as File.java:line: what to do.
def log = new File(basedir, 'build.log').text
def expect = { String text ->
    if (!log.contains(text)) {
        throw new AssertionError("build.log lacks: " + text)
    }
}
expect('weft: cannot weave 3 problem(s):')
expect('dev/weft/it/Mistakes.java:14: Co.yield inside synchronized code in Mistakes.guarded()')
expect('dev/weft/it/Mistakes.java:21: Co.yield inside a lambda')
expect('dev/weft/it/Mistakes.java:26: @Coroutine Mistakes.wrongType() returns java.util.List')
// Nothing half-woven is left behind.
def woven = new File(basedir, 'target/classes/dev/weft/it/Mistakes$weft$guarded.class')
if (woven.exists()) {
    throw new AssertionError("a frame class was written although the build failed")
}
return true
