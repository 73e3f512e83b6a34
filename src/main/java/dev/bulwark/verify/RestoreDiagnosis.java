package dev.bulwark.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads pg_restore's error output and says, for each error, whether the restore target lacks
 * something (fix the target, the backup may be fine) or the backup is damaged (fix the backups).
 */
public final class RestoreDiagnosis {
    private record Rule(Pattern pattern, RestoreProblem.Cause cause, String what, String hint) {}

    private static final List<Rule> RULES = List.of(
            rule("extension \"([^\"]+)\" is not available|could not open extension control file \"[^\"]*/([^/\"]+)\\.control\"",
                    RestoreProblem.Cause.ENVIRONMENT, "the restore target lacks extension %s",
                    "install the extension's package for the target's PostgreSQL version (e.g. apt-get install "
                            + "postgresql-<major>-<extension>) or verify on a server that has it"),
            rule("could not access file \"\\$libdir/([^\"]+)\"|could not load library \"[^\"]*/([^/\"]+)\"",
                    RestoreProblem.Cause.ENVIRONMENT, "the restore target lacks the shared library %s",
                    "install the package that provides it on the verification server"),
            rule("role \"([^\"]+)\" does not exist", RestoreProblem.Cause.ENVIRONMENT,
                    "the restore target lacks role %s", "create the role on the verification server (roles are global "
                            + "objects that pg_dump of one database does not carry), or verify in a sandbox"),
            rule("tablespace \"([^\"]+)\" does not exist", RestoreProblem.Cause.ENVIRONMENT,
                    "the restore target lacks tablespace %s", "create it on the verification server, or verify in a sandbox"),
            rule("collation \"([^\"]+)\" for encoding \"[^\"]+\" does not exist|could not create locale \"([^\"]+)\"",
                    RestoreProblem.Cause.ENVIRONMENT, "the restore target lacks collation/locale %s",
                    "install the locale on the verification server's OS"),
            rule("permission denied ([^\\n]*)", RestoreProblem.Cause.ENVIRONMENT,
                    "the restoring role lacks a privilege: permission denied %s", "restore as a role that owns the target database"),
            rule("(could not read from input file|could not open input file|could not close data file|could not open data file|unexpected end of file|could not uncompress data|"
                            + "invalid compressed data|did not find magic string|unsupported version|corrupt|"
                            + "invalid input syntax|extra data after last expected column|missing data for column|"
                            + "invalid byte sequence|could not find entry for ID|could not find block ID|"
                            + "unexpected data offset flag|invalid distance too far back|incorrect header check)",
                    RestoreProblem.Cause.BACKUP, "the backup is damaged (%s)", "this backup cannot be trusted; take a new one "
                            + "and find out what corrupted it (storage, transfer)"));

    private static final Pattern ERROR_LINE = Pattern.compile("^pg_restore: (error|fatal|FATAL): (.*)$");

    private RestoreDiagnosis() {}

    private static Rule rule(String regex, RestoreProblem.Cause cause, String what, String hint) {
        return new Rule(Pattern.compile(regex), cause, what, hint);
    }

    /** One problem per pg_restore error line (with its following "Command was" line quoted). */
    public static List<RestoreProblem> diagnose(List<String> stderr) {
        List<RestoreProblem> problems = new ArrayList<>();
        for (int i = 0; i < stderr.size(); i++) {
            Matcher m = ERROR_LINE.matcher(stderr.get(i));
            if (!m.matches()) continue;
            String message = m.group(2);
            if (message.startsWith("errors ignored on restore")) continue;
            StringBuilder quoted = new StringBuilder(stderr.get(i));
            for (int j = i + 1; j < stderr.size() && !stderr.get(j).startsWith("pg_restore:"); j++) {
                quoted.append('\n').append(stderr.get(j));
            }
            problems.add(classify(message, quoted.toString()));
        }
        return problems;
    }

    static RestoreProblem classify(String message, String quoted) {
        for (Rule rule : RULES) {
            Matcher m = rule.pattern().matcher(message);
            if (m.find()) {
                String subject = firstGroup(m);
                return new RestoreProblem(rule.cause(), String.format(rule.what(), subject), rule.hint(), quoted);
            }
        }
        return new RestoreProblem(RestoreProblem.Cause.UNKNOWN, "pg_restore failed: " + message,
                "read the quoted pg_restore message; until it is explained the backup counts as not restorable", quoted);
    }

    private static String firstGroup(Matcher m) {
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.group(g) != null) return m.group(g);
        }
        return m.group();
    }
}
