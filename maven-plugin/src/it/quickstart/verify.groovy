// The quick start of maven-plugin/README.md builds from its files alone and trains from the CSV file.
def report = new File(basedir, 'target/surefire-reports/TEST-com.example.AppTest.xml')
assert report.isFile() : 'the test did not run'
def xml = report.getText('UTF-8')
assert xml =~ /tests="1"/
assert xml =~ /failures="0"/
assert xml =~ /errors="0"/
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('(0.5, -0.5) is odd with probability') : 'App printed its prediction'
true
