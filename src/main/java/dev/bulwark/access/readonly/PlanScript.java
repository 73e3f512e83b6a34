package dev.bulwark.access.readonly;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.bulwark.access.readonly.PlanStep.SetPassword;
import dev.bulwark.access.readonly.PlanStep.Sql;
import dev.bulwark.postgres.Identifiers;

/**
 * The plan as a psql script that runs as is ({@code psql -f}): one transaction that stops at the
 * first error, with a comment above each part saying why it is there, and the warnings at the end.
 */
public final class PlanScript {
    private static final int WIDTH = 100;

    private PlanScript() {}

    public static String render(RolePlan plan) {
        StringBuilder out = new StringBuilder();
        comment(out, "Read-only role " + Identifiers.quote(plan.role()) + " in database " + Identifiers.quote(plan.database())
                + " (" + plan.server() + ", PostgreSQL " + plan.serverVersion() + "), schemas: "
                + plan.schemas().stream().map(Identifiers::quote).collect(Collectors.joining(", ")) + ".");
        comment(out, "One transaction, all or nothing. Run it as is with psql -f, or let bulwark access readonly-role "
                + "--apply run it and then prove, logged in as the role, that every write is denied.");
        out.append("\\set ON_ERROR_STOP on\nBEGIN;\n");
        for (PlanSection section : plan.sections()) {
            out.append('\n');
            comment(out, section.why());
            for (PlanStep step : section.steps()) {
                switch (step) {
                    case Sql sql -> out.append(sql.sql()).append('\n');
                    case SetPassword p -> comment(out, "Password: --apply sets a generated one (or the one in --password-file), "
                            + "sending only its SCRAM verifier so that the password never reaches the server or its logs. "
                            + "Running this script by hand, set it afterwards with psql's \\password "
                            + Identifiers.quote(p.role()) + ", which does the same.");
                }
            }
        }
        out.append("\nCOMMIT;\n");
        if (!plan.warnings().isEmpty()) {
            out.append('\n');
            comment(out, "Warnings (left as they are):");
            for (String w : plan.warnings()) comment(out, "* " + w);
        }
        return out.toString();
    }

    /** SQL line comments wrapped at the width; control characters (a schema name may hold a newline) cannot end one early. */
    private static void comment(StringBuilder out, String text) {
        String clean = text.chars().mapToObj(ch -> ch < 0x20 || ch == 0x7f ? "?" : String.valueOf((char) ch))
                .collect(Collectors.joining());
        for (String line : wrap(clean)) out.append("-- ").append(line).append('\n');
    }

    private static List<String> wrap(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        boolean bullet = text.startsWith("* ");
        for (String word : text.split(" ")) {
            if (!line.isEmpty() && line.length() + 1 + word.length() > WIDTH - 3) {
                lines.add(line.toString());
                line.setLength(0);
                if (bullet) line.append("  ");
            }
            if (!line.isEmpty() && !line.toString().isBlank()) line.append(' ');
            line.append(word);
        }
        if (!line.isEmpty()) lines.add(line.toString());
        return lines;
    }
}
