// Both builds passed their tests (the invoker checks that); here: the first wove the examples and
// listed them (-Dweft.verbose), the second found them already woven and wove nothing. Read so that
// either wording of the summary passes ("wove 1 coroutine method in 1 class", "nothing to weave").
def log = new File(basedir, 'build.log').text
def builds = log.split(/BUILD SUCCESS/)
if (builds.length < 3) {
    throw new AssertionError("expected two successful builds, found " + (builds.length - 1))
}
def wove = { String build ->
    (build =~ /weft: wove (\d+) coroutine methods? in \d+ class/).collect { it[1] as int }.sum(0)
}
if (wove(builds[0]) == 0) {
    throw new AssertionError("the first build must weave the examples")
}
if (wove(builds[1]) != 0) {
    throw new AssertionError("the second build must not weave again: " + wove(builds[1]) + " methods")
}
if (!log.contains('dev.weft.examples.Fibonacci.fibonacci(I)Ldev/weft/Generator;: 1 suspension point(s) at lines')) {
    throw new AssertionError("-Dweft.verbose did not list the woven methods")
}
return true
