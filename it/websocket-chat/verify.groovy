// The chat test wrote what each member heard; check it here too, as the build's own record.
def transcript = new File(basedir, 'target/transcript.txt')
assert transcript.isFile() : 'the chat test wrote no transcript'
def lines = transcript.getText('UTF-8').readLines()
assert lines.first() == 'alice <- * alice joined'
assert lines.contains('bob <- alice: hi, all')
assert lines.contains('bob <- * carol left')
assert lines.last().startsWith('carol <- carol: h') // the rest is not ASCII
assert lines.size() == 7 + 6 + 4
def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 1, Failures: 0, Errors: 0')
return true
