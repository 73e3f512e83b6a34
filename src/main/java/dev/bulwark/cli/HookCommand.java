package dev.bulwark.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.ConfigLoader;
import dev.bulwark.config.StoreLocation;
import dev.bulwark.hooks.Agent;
import dev.bulwark.hooks.HookAudit;
import dev.bulwark.hooks.HookPolicies;
import dev.bulwark.hooks.HookReply;
import dev.bulwark.hooks.HookRunner;
import dev.bulwark.hooks.judge.CommandJudge;
import dev.bulwark.hooks.judge.HookPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The hook a coding agent runs before each shell command: the agent's JSON event on stdin, the answer
 * in the agent's format on stdout. The exit status follows the agents' hook contract: 0 with the decision
 * in the JSON, 2 (blocked, reason on stderr) when the event cannot be read.
 */
@Command(name = "hook", mixinStandardHelpOptions = true, subcommands = HookInstallCommand.class,
        description = {"Check a shell command a coding agent is about to run: reads the agent's hook event (JSON) on stdin and"
                + " answers in that agent's format; destructive commands are denied and every decision is audited.",
                "AGENT: claude-code, codex, gemini or cursor. Set it up with: bulwark hook install AGENT"})
final class HookCommand extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "AGENT", description = "claude-code, codex, gemini or cursor")
    String agentName;

    @Override
    protected ExitCode run() {
        if (agentName == null) {
            throw BulwarkException.usage("name the agent: bulwark hook AGENT (" + Agent.names() + "), or bulwark hook install AGENT");
        }
        Agent agent = Agent.parse(agentName);
        quietLogging();
        HookReply reply;
        try {
            String input = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            Setup setup = setup();
            HookRunner runner = new HookRunner(new CommandJudge(setup.policy()), setup.audit(), Path.of("").toAbsolutePath());
            reply = runner.handle(agent, input).reply();
        } catch (IOException | RuntimeException e) {
            // any other exit status would let the agent run the command: answer with the agent's blocking form
            reply = agent.protocol().failed("Bulwark could not run its check (" + e.getMessage() + ")");
        }
        if (!reply.stdout().isEmpty()) out().println(reply.stdout());
        out().flush();
        if (!reply.stderr().isEmpty()) err().println(reply.stderr());
        err().flush();
        return reply.exit();
    }

    private record Setup(HookPolicy policy, HookAudit audit) {
    }

    /**
     * The hook runs before every shell command and reports its own problems on stderr; starting the logging
     * backend (an XML configuration and hundreds of classes, pulled in by the store's JDBC driver) would only
     * add latency, so SLF4J gets its no-op provider unless one was chosen explicitly.
     */
    private static void quietLogging() {
        if (System.getProperty("slf4j.provider") != null) return;
        System.setProperty("slf4j.internal.verbosity", "WARN");
        System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
    }

    /**
     * Without a configuration the generic rules still apply. A configuration that was named but cannot be
     * read fails closed: every database counts as production.
     */
    private Setup setup() {
        Path file = existingOrNamedConfig(this);
        if (file == null) {
            return new Setup(HookPolicies.withoutConfig(env()),
                    HookAudit.unavailable("no Bulwark configuration was found (install the hook with --config FILE)"));
        }
        try {
            BulwarkConfig config = config();
            StoreLocation store = approvalsStore(config);
            return new Setup(HookPolicies.fromConfig(config, store, file, env()), HookAudit.store(store));
        } catch (BulwarkException e) {
            return new Setup(HookPolicies.unreadableConfig(env()),
                    HookAudit.unavailable("the configuration could not be read: " + e.getMessage()));
        }
    }

    /** The configuration the hook runs with, made absolute; null when none was named and none is here. */
    static Path existingOrNamedConfig(BaseCommand command) {
        Path located = new ConfigLoader(command.env()).locate(command.configPath());
        boolean named = command.configPath() != null || command.env().get("BULWARK_CONFIG") != null;
        return named || Files.exists(located) ? located.toAbsolutePath().normalize() : null;
    }
}
