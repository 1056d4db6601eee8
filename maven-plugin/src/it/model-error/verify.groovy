// Every error of every model file, one "file:line:col: error: message" line each, then a short summary;
// no stack trace anywhere.
import java.nio.file.Path

def lines = new File(basedir, 'build.log').readLines('UTF-8')
def log = lines.join('\n')

def model = { String name -> new File(basedir, 'src/main/nabla/com/acme/' + name) }
// Maven may see the folder by its absolute or its canonical path
def expect = { String name, String rest ->
    def forms = [model(name).toPath().toAbsolutePath().normalize().toString(), model(name).canonicalPath]
    assert forms.any { lines.contains('[ERROR] ' + it + rest) } : 'missing: [ERROR] ' + forms[0] + rest
}
expect('shapes.nabla', ':5:16: error: shape mismatch: W @ x needs x[5], got x[4] (W is [3,5])')
expect('typos.nabla', ":6:14: error: unknown function 'tahn'; did you mean 'tanh'?")
expect('typos.nabla', ":7:22: error: unknown name 'bias'")

// the source line and a caret follow each error
assert log.contains('    5 |     logits = W @ x\n      |                ^')

assert log.contains('on project model-error: 3 errors in 2 of 3 model files; see the messages above')
assert !(log =~ /(?m)^\s+at [\w.$]+\(/) : 'a stack trace was printed'
assert !log.contains('Caused by')
assert !log.contains('NablaException')

// nothing half-done: the broken models have no class, and the good one was still generated
assert !new File(basedir, 'target/generated-sources/nabla/com/acme/NetModel.java').exists()
assert new File(basedir, 'target/generated-sources/nabla/com/acme/FineModel.java').isFile()
true
