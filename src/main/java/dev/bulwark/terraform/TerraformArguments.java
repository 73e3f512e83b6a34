package dev.bulwark.terraform;

import java.util.List;
import java.util.Locale;

import dev.bulwark.BulwarkException;

/**
 * Which terraform arguments Bulwark passes on. For apply, an allow-list: the approved plan file
 * decides what happens, so only options about how it runs pass; {@code -auto-approve},
 * {@code destroy} and anything that would change what is applied are refused as a policy violation.
 * For plan, everything that shapes the plan passes (the plan is analysed whatever it is) except
 * what Bulwark sets itself.
 */
public final class TerraformArguments {
    private static final List<String> APPLY_OPTIONS = List.of("-parallelism=", "-lock=", "-lock-timeout=", "-compact-warnings");
    private static final List<String> PLAN_OPTIONS_OWNED = List.of("-out", "-input", "-detailed-exitcode", "-json");

    private TerraformArguments() {}

    /**
     * Checks {@code planArgument} (what was given where the plan file goes; may be null) and the extra
     * arguments of an apply. Refusals are check-failed errors that say why.
     */
    public static void checkApply(String planArgument, List<String> extra) {
        if (planArgument != null) {
            checkApplyArgument(planArgument, true);
        }
        for (String arg : extra) {
            checkApplyArgument(arg, false);
        }
    }

    /** Extra arguments of a plan: Bulwark's own options and positional arguments are usage errors. */
    public static void checkPlan(List<String> extra) {
        for (String arg : extra) {
            String flag = flag(arg);
            if (!arg.startsWith("-")) {
                throw BulwarkException.usage("terraform plan takes no argument '" + arg + "'; run it in the root module"
                        + " with --chdir DIR");
            }
            if (PLAN_OPTIONS_OWNED.contains(flag)) {
                throw BulwarkException.usage(flag + " is set by Bulwark; " + (flag.equals("-out")
                        ? "choose the plan file with --out FILE" : "leave it out"));
            }
            if (flag.equals("-chdir")) {
                throw BulwarkException.usage("use --chdir DIR instead of -chdir");
            }
        }
    }

    private static void checkApplyArgument(String arg, boolean planPosition) {
        String flag = flag(arg);
        if (flag.equals("-auto-approve")) {
            throw refused(arg + ": an apply never skips the approval; only an approved (or non-destructive) saved plan"
                    + " is applied, and a saved plan needs no -auto-approve");
        }
        if (arg.toLowerCase(Locale.ROOT).equals("destroy") || flag.equals("-destroy")) {
            throw refused("'" + arg + "': Bulwark never runs terraform destroy; plan the destruction with"
                    + " 'bulwark tf plan -- -destroy' and have a human approve that plan");
        }
        if (planPosition && !arg.startsWith("-")) {
            return;
        }
        if (!arg.startsWith("-")) {
            throw refused("'" + arg + "': bulwark tf apply applies one plan file, given before --");
        }
        if (APPLY_OPTIONS.stream().noneMatch(o -> o.endsWith("=") ? arg.startsWith(o) : arg.equals(o))) {
            throw refused("'" + arg + "': the approved plan decides what is applied; bulwark tf apply passes on only "
                    + String.join(", ", APPLY_OPTIONS.stream().map(o -> o.endsWith("=") ? o + "..." : o).toList()));
        }
    }

    /** "-auto-approve" for "-auto-approve=true" and "--auto-approve" (terraform takes both spellings). */
    private static String flag(String arg) {
        String bare = arg.startsWith("--") ? arg.substring(1) : arg;
        int eq = bare.indexOf('=');
        return (eq < 0 ? bare : bare.substring(0, eq)).toLowerCase(Locale.ROOT);
    }

    private static BulwarkException refused(String why) {
        return BulwarkException.checkFailed("refused " + why);
    }
}
