def log = new File(basedir, 'build.log').getText('UTF-8')
assert new File(basedir, 'target/generated-docs/gradpath/resblock.rst').isFile()
assert log.contains('gradpath: 1 network(s): 1 written, 0 up to date')
// Two rows of the block and the one in the MyST paragraph: all three were found and checked.
assert log.contains('gradpath: 2 document(s): 3 checked, 0 wrong')
assert !log.contains('[WARNING] ')
return true
