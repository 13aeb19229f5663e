// Both builds passed their tests (the invoker checks that); here: the first wove the examples and
// listed them (-Dweft.verbose), the second found nothing to weave and said so.
def log = new File(basedir, 'build.log').text
def wove = (log =~ /weft: wove (\d+) coroutine methods? in (\d+) class(es)?/).collect { it[1] as int }
def idle = (log =~ /weft: nothing to weave \(/).collect { it }
if (wove.size() != 1 || wove[0] == 0) {
    // The test classes have no coroutines: only the weave goal of the first build weaves.
    throw new AssertionError("expected the weave goal of the first build to weave: " + wove)
}
if (idle.size() != 3) {
    // weave-tests of the first build (no coroutines in the tests), both goals of the second.
    throw new AssertionError("expected three runs with nothing to weave: " + idle.size())
}
// The second build's weave read no class file: nothing was compiled again, and the times the first
// build's maven-jar-plugin 2.4 (Maven 3.8's default) cut to whole milliseconds are no change. (Its
// weave-tests is not held to it: a test class javac wrote in the very clock tick in which the first
// weave-tests began is rightly read again, see ClassFileState.)
def summaries = (log =~ /weft: (wove|nothing to weave).*/).collect { it[0] }
if (summaries.size() != 4 || !summaries[2].startsWith('weft: nothing to weave (no class file changed')) {
    throw new AssertionError("expected the second build's weave to read no class file: " + summaries)
}
if (!log.contains('dev.weft.examples.Fibonacci.fibonacci(I)Ldev/weft/Generator;: 1 suspension point(s) at lines')) {
    throw new AssertionError("-Dweft.verbose did not list the woven methods")
}
// The inline forms are woven as coroutines of their own, listed like methods.
// A single-quoted string: in a slashy one Groovy would read $runInline as a variable.
if (!(log =~ 'dev\\.weft\\.examples\\.SpawnCallback\\.lambda[$]runInline[$]\\d+\\(.*\\)Ldev/weft/Future;: 1 suspension point\\(s\\) at lines')) {
    throw new AssertionError("-Dweft.verbose did not list the spawnCallback lambda")
}
return true
