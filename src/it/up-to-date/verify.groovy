def doc = new File(basedir, 'target/generated-docs/gradpath/resblock.rst')
assert doc.isFile()
assert doc.lastModified() == 946684800000L : "up-to-date document rewritten (mtime ${doc.lastModified()})"
assert doc.getText('UTF-8').contains(':label: grad-ResBlock')
// No temporary files left behind by the atomic writes.
assert doc.parentFile.list().toList() == ['resblock.rst']
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('gradpath: 1 network(s): 1 written, 0 up to date')
assert log.contains('gradpath: 1 network(s): 0 written, 1 up to date')
return true
