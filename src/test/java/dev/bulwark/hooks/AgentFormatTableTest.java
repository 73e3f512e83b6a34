package dev.bulwark.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.bulwark.hooks.judge.CommandJudge;

/** Every command of {@link CommandTable}, sent as each agent sends it, answered in that agent's format. */
class AgentFormatTableTest {
    private static final HookRunner RUNNER = new HookRunner(new CommandJudge(TestPolicy.standard()), (agent, event, verdict) -> null,
            TestPolicy.CWD);

    static Stream<Arguments> cases() {
        return Stream.of(Agent.values()).flatMap(agent -> CommandTable.CASES.stream().map(c -> Arguments.of(agent, c)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void answersEachCommandInTheAgentsFormat(Agent agent, CommandTable.Case c) {
        HookRunner.Outcome outcome = RUNNER.handle(agent, AgentEvents.event(agent, c.command(), TestPolicy.CWD));
        HookReply reply = outcome.reply();
        String answer = AgentEvents.answer(agent, reply.stdout(), reply.stderr(), reply.exit().status());
        assertThat(answer).as(c.command() + " -> " + outcome.verdict()).isEqualTo(AgentEvents.expected(agent, c.expected()));
    }
}
