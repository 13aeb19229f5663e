// The quick start of README.md is this project: every code block there announced by a comment
// "<!-- it/quickstart: PATH -->" is written to PATH here, exactly as a reader would paste it.
// Nothing else is in this folder but the checks, so when README's quick start stops working (or
// loses a block), this build fails.
def readme = new File(readmePath as String)
def text = readme.getText('UTF-8')
def blocks = (text =~ /(?m)^<!-- it\/quickstart: (\S+)[^\n]*-->\n```[a-z]*\n([\s\S]*?)^```$/).collect { [it[1], it[2]] }
def wanted = ['pom.xml', 'src/main/java/Examples.java', 'src/test/java/ExamplesTest.java']
def found = blocks.collect { it[0] }
if (found.sort() != wanted.sort()) {
    throw new AssertionError("README.md must mark exactly these quick-start blocks " + wanted
            + " with <!-- it/quickstart: PATH -->, found " + found)
}
blocks.each { path, code ->
    def file = new File(basedir, path)
    file.parentFile.mkdirs()
    file.setText(code, 'UTF-8')
    println "quickstart: wrote ${path} from README.md (${code.readLines().size()} lines)"
}
return true
