import java.util.jar.JarFile

// basedir is target/it/cli-jar: the CLI is target/gradpath.jar.
def jar = new File(basedir, '../../gradpath.jar').canonicalFile
assert jar.isFile() : "no CLI jar at ${jar}"
def names = new JarFile(jar).withCloseable { j -> j.entries().collect { it.name } }
assert names.contains('io/github/gradpath/cli/Main.class')
assert names.contains('picocli/CommandLine.class')
assert !names.any { it.startsWith('io/github/gradpath/maven/') } : 'plugin classes in the CLI jar'
assert !names.any { it.startsWith('org/apache/maven/') } : 'Maven API classes in the CLI jar'
assert !names.contains('META-INF/maven/plugin.xml')
def main = new JarFile(jar).withCloseable { j -> j.manifest.mainAttributes.getValue('Main-Class') }
assert main == 'io.github.gradpath.cli.Main'

// And it runs, without Maven on its class path.
def net = new File(basedir, 'chain.nn')
net.text = 'network Chain {\n  input x;\n  h_1 = a_0(w_0 x);\n  y = a_1(w_1 h_1);\n  loss L(y);\n}\n'
def java = new File(System.getProperty('java.home'), 'bin/java').path
def p = [java, '-jar', jar.path, 'derive', net.path].execute()
def out = new StringBuilder(), err = new StringBuilder()
p.waitForProcessOutput(out, err)
assert p.exitValue() == 0 : "CLI failed: ${err}"
assert out.toString().contains(':label: grad-Chain')
return true
