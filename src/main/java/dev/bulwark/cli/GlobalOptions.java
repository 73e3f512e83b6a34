package dev.bulwark.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Options every command takes, before or after the subcommand name. */
public final class GlobalOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (default: $BULWARK_CONFIG, then ./bulwark.yaml).")
    Path config;

    @Option(names = "--json", description = "Print machine-readable JSON instead of text.")
    boolean json;
}
