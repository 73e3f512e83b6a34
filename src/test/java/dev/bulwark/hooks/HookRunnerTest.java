package dev.bulwark.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulwark.ExitCode;
import dev.bulwark.config.StoreLocation;
import dev.bulwark.gate.audit.AuditEntry;
import dev.bulwark.gate.audit.AuditLog;
import dev.bulwark.hooks.judge.CommandJudge;
import dev.bulwark.hooks.judge.Decision;
import dev.bulwark.hooks.judge.HookPolicy;
import dev.bulwark.hooks.judge.PlanApprovals;
import dev.bulwark.hooks.judge.Verdict;

class HookRunnerTest {
    @TempDir
    Path dir;

    private final List<String> recorded = new ArrayList<>();
    private final HookAudit remember = (agent, event, verdict) -> {
        recorded.add(agent.id() + " " + verdict.decision() + " " + event.command());
        return null;
    };

    private HookRunner runner(HookAudit audit) {
        return new HookRunner(new CommandJudge(TestPolicy.standard()), audit, TestPolicy.CWD);
    }

    @Test
    void unreadableEventsBlockInEveryAgentsFormat() {
        for (Agent agent : Agent.values()) {
            String shellEventWithoutCommand = switch (agent) {
                case CLAUDE_CODE, CODEX -> "{\"tool_name\":\"Bash\",\"tool_input\":{}}";
                case GEMINI -> "{\"tool_name\":\"run_shell_command\",\"tool_input\":{\"command\":7}}";
                case CURSOR -> "{\"hook_event_name\":\"beforeShellExecution\",\"cwd\":\"/x\"}";
            };
            for (String input : List.of("not json", "", "[1,2]", "{\"tool_input\":", shellEventWithoutCommand)) {
                HookReply reply = runner(remember).handle(agent, input).reply();
                assertThat(reply.exit()).as(agent + " " + input).isEqualTo(ExitCode.USAGE);
                assertThat(reply.stderr()).as(agent + " " + input).startsWith("Bulwark blocked this command: the hook input could not be read");
                if (agent == Agent.CURSOR) assertThat(reply.stdout()).contains("\"permission\":\"deny\"");
                assertThat(AgentEvents.answer(agent, reply.stdout(), reply.stderr(), reply.exit().status())).isEqualTo("deny");
            }
        }
        assertThat(recorded).hasSize(20).allMatch(r -> r.contains(" DENY "));
    }

    @Test
    void eventsForOtherToolsPassUnjudgedAndUnrecorded() {
        assertThat(runner(remember).handle(Agent.CLAUDE_CODE, "{\"tool_name\":\"Write\",\"tool_input\":{\"file_path\":\"/x\"}}")
                .reply()).isEqualTo(HookReply.silent());
        assertThat(runner(remember).handle(Agent.GEMINI, "{\"tool_name\":\"read_file\",\"tool_input\":{\"path\":\"x\"}}")
                .reply().stdout()).isEqualTo("{}");
        assertThat(runner(remember).handle(Agent.CURSOR, "{\"hook_event_name\":\"beforeMCPExecution\",\"tool_name\":\"q\"}")
                .reply().stdout()).contains("allow");
        assertThat(recorded).isEmpty();
    }

    @Test
    void everyDecisionIsRecordedInTheAuditLog() {
        Path store = dir.resolve("bulwark-approvals.db");
        HookRunner runner = runner(HookAudit.store(new StoreLocation.SqliteFile(store)));
        runner.handle(Agent.CLAUDE_CODE, AgentEvents.event(Agent.CLAUDE_CODE, "git status", TestPolicy.CWD));
        runner.handle(Agent.CODEX, AgentEvents.event(Agent.CODEX, "psql -h db.internal app -c 'DROP TABLE users'", TestPolicy.CWD));
        runner.handle(Agent.CURSOR, AgentEvents.event(Agent.CURSOR, "helm uninstall pg", TestPolicy.CWD));
        try (AuditLog log = AuditLog.open(store)) {
            List<AuditEntry> entries = log.entries(1, 10);
            assertThat(entries).extracting(AuditEntry::agent).containsExactly("claude-code", "codex", "cursor");
            assertThat(entries).extracting(AuditEntry::decision).containsExactly("ALLOWED", "REFUSED", "HELD");
            assertThat(entries.get(0).sql()).endsWith("\ngit status").startsWith("# bulwark hook: allow: nothing destructive found");
            assertThat(entries.get(1).sql()).contains("DROP TABLE users (drops data)").endsWith("\npsql -h db.internal app -c 'DROP TABLE users'");
            assertThat(entries.get(1).database()).isEqualTo("app");
            assertThat(entries.get(1).client()).isEqualTo("hook in " + TestPolicy.CWD);
            assertThat(log.verify().ok()).isTrue();
        }
    }

    @Test
    void aBrokenAuditLogDoesNotStopTheDecisionAndSaysSo() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        HookRunner runner = runner(HookAudit.store(new StoreLocation.SqliteFile(notADirectory.resolve("store.db"))));
        HookRunner.Outcome denied = runner.handle(Agent.CLAUDE_CODE, AgentEvents.event(Agent.CLAUDE_CODE, "terraform destroy", TestPolicy.CWD));
        assertThat(denied.verdict().decision()).isEqualTo(Decision.DENY);
        assertThat(denied.reply().stdout()).contains("\"permissionDecision\":\"deny\"");
        assertThat(denied.reply().stderr()).startsWith("bulwark: the decision could not be written to the audit log");
        assertThat(denied.auditProblem()).isNotNull();

        HookRunner none = runner(HookAudit.unavailable("no Bulwark configuration was found"));
        HookReply allowed = none.handle(Agent.GEMINI, AgentEvents.event(Agent.GEMINI, "ls", TestPolicy.CWD)).reply();
        assertThat(allowed.stdout()).isEqualTo("{}");
        assertThat(allowed.exit()).isEqualTo(ExitCode.OK);
        assertThat(allowed.stderr()).contains("not written to the audit log: no Bulwark configuration");
    }

    @Test
    void aFailureWhileJudgingDeniesTheCommand() {
        HookPolicy p = TestPolicy.standard();
        PlanApprovals broken = apply -> {
            throw new IllegalStateException("the approvals store is unreachable");
        };
        CommandJudge judge = new CommandJudge(new HookPolicy(p.production(), p.protectedData(), broken, p.environment()));
        HookRunner runner = new HookRunner(judge, remember, TestPolicy.CWD);
        HookReply reply = runner.handle(Agent.CODEX, AgentEvents.event(Agent.CODEX, "terraform apply approved.tfplan", TestPolicy.CWD))
                .reply();
        assertThat(AgentEvents.answer(Agent.CODEX, reply.stdout(), reply.stderr(), reply.exit().status())).isEqualTo("deny");
        assertThat(reply.stdout()).contains("could not check this command");
    }
}
