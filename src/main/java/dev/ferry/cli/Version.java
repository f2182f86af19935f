package dev.ferry.cli;

import picocli.CommandLine;

/** Version from the jar manifest (falls back to "dev" when run from classes). */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Ferry.class.getPackage().getImplementationVersion();
        return new String[] {"ferry " + (v == null ? "dev" : v)};
    }
}
