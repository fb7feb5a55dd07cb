def out = new File(basedir, 'target/generated-docs/gradpath')
assert new File(out, 'kept.rst').isFile()
assert !new File(out, 'gone.rst').exists() : "the document of a network that is gone is still there"
assert out.list().toList() == ['kept.rst']
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('gradpath: 2 network(s): 2 written, 0 up to date')
assert log.contains('(no network produces it any more)')
assert log.contains('gradpath: 1 network(s): 0 written, 1 up to date, 1 removed')
return true
