package dev.bulwark.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.hooks.Agent;
import dev.bulwark.hooks.HookInstaller;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "install", mixinStandardHelpOptions = true,
        description = {"Add Bulwark's hook to an agent's settings file, keeping everything else in it; installing again"
                + " updates the entry instead of adding another.",
                "Default files (in the current directory): claude-code .claude/settings.json, codex .codex/hooks.json,"
                        + " gemini .gemini/settings.json, cursor .cursor/hooks.json"})
final class HookInstallCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "AGENT", description = "claude-code, codex, gemini or cursor")
    String agentName;

    @Option(names = "--settings", paramLabel = "FILE", description = "The settings file to merge the hook into.")
    Path settings;

    @Override
    protected ExitCode run() throws Exception {
        Agent agent = Agent.parse(agentName);
        Path config = HookCommand.existingOrNamedConfig(this);
        if (config != null && !Files.isRegularFile(config)) {
            throw BulwarkException.usage("config file " + config + " not found; the hook would run without it");
        }
        Path file = settings != null ? settings : HookInstaller.defaultSettingsFile(agent, Path.of("").toAbsolutePath());
        HookInstaller.Installation done = new HookInstaller().install(agent, file, hookCommand(agent, config));
        if (json()) {
            printJson(Map.of("agent", agent.id(), "settings_file", done.settingsFile().toString(), "event", done.event(),
                    "command", done.command(), "updated", done.updated(), "created", done.created()));
        } else {
            out().println((done.updated() ? "Updated" : "Installed") + " Bulwark's hook for " + agent.displayName() + " in "
                    + done.settingsFile() + " (" + done.event() + (done.matcher() == null ? "" : ", matcher " + done.matcher())
                    + "):");
            out().println("  " + done.command());
        }
        return ExitCode.OK;
    }

    /** This launcher, by absolute path, with the configuration, then {@code hook AGENT}. */
    static String hookCommand(Agent agent, Path config) {
        String command = launcher() + (config == null ? "" : " --config " + quote(config.toString()));
        return command + " hook " + agent.id();
    }

    /**
     * The {@code bulwark} script next to the build directory the running code came from; when there is
     * none (a jar copied elsewhere), the running Java with {@code -jar}.
     */
    private static String launcher() {
        Path code;
        try {
            code = Path.of(HookInstallCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | SecurityException e) {
            throw BulwarkException.environment("cannot tell where Bulwark is installed: " + e.getMessage(), e);
        }
        Path build = code.getParent();
        Path script = build == null || build.getParent() == null ? null : build.getParent().resolve("bulwark");
        if (script != null && Files.isExecutable(script) && Files.isRegularFile(script)) return quote(script.toString());
        String java = ProcessHandle.current().info().command().orElse("java");
        return quote(java) + " -jar " + quote(code.toString());
    }

    static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:=@%+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
