// Both builds passed their tests (the invoker checks that); here: the first wove the examples and
// listed them (-Dweft.verbose), the second found them already woven and changed nothing.
def log = new File(basedir, 'build.log').text
def wove = (log =~ /weft: wove (\d+) coroutine methods in (\d+) classes/).collect { it[1] as int }
if (wove.size() < 4) {
    throw new AssertionError("expected the weave and weave-tests goals of two builds: " + wove)
}
if (wove[0] == 0 || wove[2] != 0) {
    throw new AssertionError("first build must weave, second must not: " + wove)
}
if (!log.contains('dev.weft.examples.Fibonacci.fibonacci(I)Ldev/weft/Generator;: 1 suspension point(s) at lines')) {
    throw new AssertionError("-Dweft.verbose did not list the woven methods")
}
// The inline forms are woven as coroutines of their own, listed like methods.
if (!(log =~ /dev\.weft\.examples\.SpawnCallback\.lambda\$runInline\$\d+\(.*\)Ldev\/weft\/Future;: 1 suspension point\(s\) at lines/)) {
    throw new AssertionError("-Dweft.verbose did not list the spawnCallback lambda")
}
return true
