// The second build deletes the class of the removed model file and its emptied package folder, and keeps the rest.
def out = new File(basedir, 'target/generated-sources/nabla')
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('[INFO] Generated com.acme.old.OldModel from src/main/nabla/com/acme/old/old.nabla')
assert !new File(basedir, 'src/main/nabla/com/acme/old/old.nabla').exists() : 'the model was not removed'
assert log.contains('[INFO] Deleted target/generated-sources/nabla/com/acme/old/OldModel.java'
        + ' (its model com/acme/old/old.nabla is gone)')
assert !new File(out, 'com/acme/old/OldModel.java').exists()
assert !new File(out, 'com/acme/old').exists() : 'the emptied package folder is still there'
assert new File(out, 'com/acme/KeptModel.java').isFile()
assert log.contains('[INFO] Nothing to generate - all 1 model file is up to date')
def state = new File(basedir, 'target/nabla-state/generate/default.state').text
assert !state.contains('old.nabla')
true
