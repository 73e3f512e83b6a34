package dev.bulwark.hooks.judge;

import java.util.List;

/**
 * Docker and Podman volumes are where containerised databases keep their data: removing them
 * ({@code volume rm}, {@code volume prune}, {@code system prune --volumes}, {@code compose down -v},
 * {@code rm -v}) is asked of a person. Commands run inside containers are unwrapped before this rule.
 */
final class ContainerRule implements CommandRule {
    private static final String WHY = " deletes Docker volumes, where containerised databases keep their data; a person should"
            + " confirm";

    @Override
    public Verdict judge(Invocation call) {
        boolean compose = call.program().endsWith("-compose");
        List<Arg> operands = (compose ? Remote.COMPOSE : Remote.DOCKER).parse(call.args()).operands();
        if (!compose && !operands.isEmpty() && operands.get(0).is("compose")) {
            operands = Remote.COMPOSE.parse(operands.subList(1, operands.size())).operands();
            compose = true;
        }
        if (operands.isEmpty()) return Verdict.allow(call.program());
        String sub = operands.get(0).text();
        List<String> rest = operands.subList(1, operands.size()).stream().map(Arg::text).toList();
        List<String> all = call.args().stream().map(Arg::text).toList();
        String what = call.program() + " " + String.join(" ", operands.stream().map(Arg::text).toList());
        boolean removesVolumes;
        if (compose) {
            removesVolumes = sub.equals("down") && (all.contains("-v") || all.contains("--volumes"));
        } else {
            removesVolumes = switch (sub) {
                case "volume" -> !rest.isEmpty() && List.of("rm", "remove", "prune").contains(rest.get(0));
                case "system" -> !rest.isEmpty() && rest.get(0).equals("prune") && all.contains("--volumes");
                case "rm", "container" -> all.contains("-v") || all.contains("--volumes");
                default -> false;
            };
        }
        return removesVolumes ? Verdict.ask(what + WHY) : Verdict.allow(what);
    }
}
