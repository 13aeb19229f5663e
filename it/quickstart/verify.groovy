// The quick start must really weave and really run its JUnit 5 test: Maven's default Surefire
// (2.12) would run none and still report success, so success alone proves nothing.
def log = new File(basedir, 'build.log').getText('UTF-8')
if (!(log =~ /weft: wove 1 coroutine methods? in 1 class/)) {
    throw new AssertionError("the quick start's Examples.fibonacci was not woven")
}
def runs = (log =~ /Tests run: (\d+), Failures: 0, Errors: 0, Skipped: 0/).collect { it[1] as int }
if (runs.isEmpty() || runs.last() != 1) {
    throw new AssertionError("the quick start must run its one JUnit 5 test, ran: " + runs)
}
return true
