// The build failed at the network's position, with the source line and caret, and wrote no document for it.
def log = new File(basedir, 'build.log').getText('UTF-8')
def bad = new File(basedir, 'src/main/gradpath/bad.nn').canonicalPath
assert log.contains(bad + ':4:17: error: `h_2` is used but never defined') : 'position missing from the log'
// Maven prefixes every line of the failure message, so the caret stays under the column.
assert log.contains('[ERROR]   y   = a_1(w_1 h_2);\n[ERROR]                 ^\n') : 'source line and caret missing'
assert log.contains('1 network(s) under ')
assert log.contains('BUILD FAILURE')
assert !log.contains('at io.github.gradpath') : 'a stack trace reached the user'
def out = new File(basedir, 'target/generated-docs/gradpath')
assert !new File(out, 'bad.rst').exists()
assert new File(out, 'good.rst').isFile() : 'the good network is still written'
return true
