// The tests passed under the agent (the invoker checks that); here: the program run by exec:exec
// with -javaagent, and by exec:java in the second build, printed what woven code prints, and the
// build itself wove nothing.
def log = new File(basedir, 'build.log').text
def runs = (log =~ /fibonacci: 0 1 1 2 3 5 8 13 21 34 55/).collect { it }
def sums = (log =~ /slowSum: 5/).collect { it }
if (runs.size() != 2 || sums.size() != 2) {
    // once by exec:exec (a JVM of its own), once by exec:java (Maven's JVM, MAVEN_OPTS)
    throw new AssertionError("the program did not run woven under the agent twice: " + runs.size())
}
if (log.contains('weft: wove')) {
    throw new AssertionError("this project must not use weft-maven-plugin")
}
return true
