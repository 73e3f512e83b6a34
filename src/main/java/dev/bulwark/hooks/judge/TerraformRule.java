package dev.bulwark.hooks.judge;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * terraform, OpenTofu ({@code tofu}) and terragrunt: destroy, apply in destroy mode or with
 * {@code -auto-approve}, {@code state rm}, {@code state push} and {@code workspace delete} are refused;
 * any other apply is asked of {@link PlanApprovals}. Plans, init, validate and the like pass.
 */
final class TerraformRule implements CommandRule {
    /** terragrunt words that come before the terraform command they run. */
    private static final Set<String> TERRAGRUNT_PREFIX = Set.of("run-all", "run", "stack");
    /** apply flags whose value may follow as a separate word. */
    private static final Set<String> VALUED = Set.of("-var", "-var-file", "-target", "-replace", "-parallelism",
            "-lock-timeout", "-state", "-state-out", "-backup");

    @Override
    public Verdict judge(Invocation call) {
        String tool = call.program();
        Path workingDirectory = call.state().cwd();
        List<Arg> words = new ArrayList<>();
        for (Arg a : call.args()) {
            String t = a.text();
            if (words.isEmpty() && t.startsWith("-chdir=")) {
                workingDirectory = call.resolve(Arg.of(t.substring("-chdir=".length())));
            } else if (words.isEmpty() && (t.startsWith("-") || (tool.equals("terragrunt") && TERRAGRUNT_PREFIX.contains(t)))) {
                continue;
            } else {
                words.add(a);
            }
        }
        if (words.isEmpty()) return Verdict.allow(tool + " without a command");
        String command = words.get(0).text();
        List<Arg> rest = words.subList(1, words.size());
        String sub = rest.stream().filter(a -> !a.text().startsWith("-")).map(Arg::text).findFirst().orElse("");
        return switch (command) {
            case "destroy" -> Verdict.deny(tool + " destroy deletes every resource the configuration manages, databases and"
                    + " their backups included; a person runs it, never an agent");
            case "apply" -> apply(tool, rest, workingDirectory, call);
            case "state" -> switch (sub) {
                case "rm" -> Verdict.deny(tool + " state rm makes Terraform forget resources, so that the next apply creates"
                        + " duplicates or a destroy misses them; a person edits state, never an agent");
                case "push" -> Verdict.deny(tool + " state push overwrites the recorded state of every resource");
                default -> Verdict.allow(tool + " state " + sub);
            };
            case "workspace" -> sub.equals("delete")
                    ? Verdict.deny(tool + " workspace delete discards a workspace's state and with it the record of what it"
                    + " manages")
                    : Verdict.allow(tool + " workspace " + sub);
            default -> Verdict.allow(tool + " " + command + " changes no infrastructure");
        };
    }

    private static Verdict apply(String tool, List<Arg> args, Path workingDirectory, Invocation call) {
        String planFile = null;
        List<String> arguments = new ArrayList<>();
        boolean valueNext = false;
        for (Arg a : args) {
            String flag = a.text().replaceFirst("^--", "-");
            arguments.add(a.text());
            if (valueNext) {
                valueNext = false;
                continue;
            }
            valueNext = VALUED.contains(flag);
            if (flag.equals("-destroy") || flag.equals("-destroy=true")) {
                return Verdict.deny(tool + " apply -destroy deletes every resource the configuration manages; a person runs"
                        + " it, never an agent");
            }
            if (flag.equals("-auto-approve") || flag.equals("-auto-approve=true")) {
                return Verdict.deny(tool + " apply -auto-approve applies changes nobody has reviewed: "
                        + UnapprovedPlans.ADVICE);
            }
            if (!a.text().startsWith("-")) planFile = a.text();
        }
        return call.policy().plans().review(new PlanApprovals.TerraformApply(tool, workingDirectory, planFile, arguments));
    }
}
