package dev.nabla.cli;

import picocli.CommandLine;

/** {@code nabla --version}. */
final class Version implements CommandLine.IVersionProvider {
    static String version() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"nabla " + version(), "Java " + System.getProperty("java.version")};
    }
}
