package dev.bulwark.cli;

import java.util.List;

import dev.bulwark.ExitCode;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.gate.approval.Agent;
import dev.bulwark.gate.approval.AgentCredentials;
import dev.bulwark.gate.approval.ApprovalStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "agents", mixinStandardHelpOptions = true, description = "Agent logins for the gate (stored as SCRAM verifiers only).",
        subcommands = {AgentsCommand.Add.class, AgentsCommand.ListAgents.class, AgentsCommand.Remove.class})
final class AgentsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Create an agent login for one database; prints its generated password once.")
    static final class Add extends BaseCommand {
        @Parameters(paramLabel = "NAME", description = "The agent's user name at the gate.")
        String name;

        @Option(names = "--db", required = true, paramLabel = "DB", description = "The database (from the config) it may use.")
        String db;

        @Override
        protected ExitCode run() throws Exception {
            BulwarkConfig config = config();
            config.database(db);
            try (ApprovalStore store = approvals(config)) {
                AgentCredentials c = store.addAgent(name, db);
                if (json()) {
                    printJson(java.util.Map.of("name", c.name(), "database", db, "password", c.password()));
                } else {
                    out().println(c.password());
                    err().println("agent '" + c.name() + "' may connect to '" + db + "' through the gate; the password above is "
                            + "shown only now (only its SCRAM verifier is stored)");
                }
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Agents and their databases.")
    static final class ListAgents extends BaseCommand {
        @Override
        protected ExitCode run() throws Exception {
            try (ApprovalStore store = approvals(config())) {
                List<Agent> agents = store.listAgents();
                if (json()) {
                    printJson(agents);
                } else {
                    TextTable t = new TextTable("AGENT", "DATABASE", "CREATED");
                    agents.forEach(a -> t.row(a.name(), a.database(), a.createdAt()));
                    t.print(out(), "");
                }
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an agent login.")
    static final class Remove extends BaseCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected ExitCode run() throws Exception {
            try (ApprovalStore store = approvals(config())) {
                store.removeAgent(name);
            }
            return ExitCode.OK;
        }
    }
}
