// The first build generates and compiles; the second finds the model unchanged, writes nothing, and so
// javac finds nothing to recompile either.
def log = new File(basedir, 'build.log').getText('UTF-8')
def generated = '[INFO] Generated com.acme.BlobsModel from src/main/nabla/com/acme/blobs.nabla'
def upToDate = '[INFO] Nothing to generate - all 1 model file is up to date'
assert log.count(generated) == 1 : 'generated more than once'
assert log.count(upToDate) == 1
int second = log.indexOf(upToDate)
assert log.indexOf(generated) < second
def afterSecond = log.substring(second)
assert afterSecond.contains('Nothing to compile - all classes are up to date') : 'javac recompiled in the second build'
assert !afterSecond.contains('Generated ')

def java = new File(basedir, 'target/generated-sources/nabla/com/acme/BlobsModel.java')
def state = new File(basedir, 'target/nabla-state/generate/default.state')
assert java.isFile() && state.isFile()
assert state.text.contains('model=com/acme/blobs.nabla|')
assert java.lastModified() <= new File(basedir, 'target/classes/com/acme/BlobsModel.class').lastModified()
true
