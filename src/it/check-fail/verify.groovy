def log = new File(basedir, 'build.log').getText('UTF-8')
def doc = new File(basedir, 'docs/wrong.rst').canonicalPath
def message = doc + ':13: error: ∂L/∂w_0 misses 1 of 2 paths: the skip s_3 ← h_1'
// First build, failOnError=false: the same finding as a warning, and success.
assert log.contains('[WARNING] ' + message)
assert log.contains('the build goes on because failOnError is false')
// Second build: the finding fails it, at the row's line, in Maven's error output.
assert log.contains('[ERROR] ' + message)
assert log.contains('gradpath: 1 document(s): 2 checked, 1 wrong')
assert log.contains('BUILD FAILURE')
assert !log.contains('at io.github.gradpath') : 'a stack trace reached the user'
return true
