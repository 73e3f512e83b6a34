package dev.bulwark.cli;

import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = BulwarkCommand.class.getPackage().getImplementationVersion();
        return new String[] {"bulwark " + (v == null ? "development build" : v)};
    }
}
