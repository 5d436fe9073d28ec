package dev.unbindlab.cli;

import picocli.CommandLine;

/** The version Maven wrote into the jar manifest (absent when run from classes). */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = UnbindlabCommand.class.getPackage().getImplementationVersion();
        return new String[] {
            "unbindlab " + (version == null ? "(development build)" : version),
            "Java " + Runtime.version() + " (" + System.getProperty("os.arch") + ")"
        };
    }
}
