// The tests passed under the agent (the invoker checks that); here: the program run by exec:exec
// with -javaagent printed what woven code prints, and the build itself wove nothing.
def log = new File(basedir, 'build.log').text
if (!log.contains('fibonacci: 0 1 1 2 3 5 8 13 21 34 55') || !log.contains('slowSum: 5')) {
    throw new AssertionError("the program did not run woven under the agent")
}
if (log.contains('weft: wove')) {
    throw new AssertionError("this project must not use weft-maven-plugin")
}
return true
