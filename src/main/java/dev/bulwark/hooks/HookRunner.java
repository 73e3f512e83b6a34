package dev.bulwark.hooks;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bulwark.hooks.judge.CommandJudge;
import dev.bulwark.hooks.judge.Verdict;

/**
 * One hook call: read the agent's event, judge its shell command, record the decision, answer in the
 * agent's format. It never lets an unreadable event or an internal error pass a command.
 */
public final class HookRunner {
    private static final int SHOWN_INPUT = 200;

    private final CommandJudge judge;
    private final HookAudit audit;
    private final Path defaultCwd;

    /** {@code defaultCwd}: where commands run when the event does not say (the hook's own directory). */
    public HookRunner(CommandJudge judge, HookAudit audit, Path defaultCwd) {
        this.judge = judge;
        this.audit = audit;
        this.defaultCwd = defaultCwd;
    }

    /** The answer, the verdict (null when nothing was judged) and why the audit failed (null when it did not). */
    public record Outcome(HookReply reply, Verdict verdict, String auditProblem) {
    }

    public Outcome handle(Agent agent, String input) {
        AgentProtocol protocol = agent.protocol();
        HookEvent event;
        try {
            JsonNode node = AgentProtocol.JSON.readTree(input);
            if (node == null || !node.isObject()) throw new MalformedEventException("expected a JSON object");
            event = protocol.read(node);
        } catch (IOException | MalformedEventException e) {
            String problem = e instanceof IOException ? "not JSON: " + firstLine(e.getMessage()) : e.getMessage();
            Verdict refused = Verdict.deny("the hook input could not be read (" + problem + ")");
            String auditProblem = audit.record(agent, new HookEvent(shown(input), null), refused);
            return outcome(protocol.failed(refused.reason()), refused, auditProblem);
        }
        if (!event.isShellCommand()) return new Outcome(protocol.answer(Verdict.allow("not a shell command")), null, null);
        Verdict verdict;
        try {
            verdict = judge.judge(event.command(), event.cwd() != null ? event.cwd() : defaultCwd);
        } catch (RuntimeException | StackOverflowError e) {
            // fail closed: a command Bulwark could not finish judging does not run
            verdict = Verdict.deny("Bulwark could not check this command (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        return outcome(protocol.answer(verdict), verdict, audit.record(agent, event, verdict));
    }

    private static Outcome outcome(HookReply reply, Verdict verdict, String auditProblem) {
        return new Outcome(auditProblem == null ? reply : reply.withNote("bulwark: " + auditProblem), verdict, auditProblem);
    }

    private static String shown(String input) {
        String s = input == null ? "" : input;
        return s.length() <= SHOWN_INPUT ? s : s.substring(0, SHOWN_INPUT) + "...";
    }

    private static String firstLine(String message) {
        if (message == null) return "";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
