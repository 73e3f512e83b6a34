package dev.bulwark.verify;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The roles a dump refers to: object owners and the grantees of its privileges. Built-in roles
 * (pg_*) exist in every cluster and cannot be created, so they are left out.
 */
public final class DumpRoles {
    private static final String NAME = "(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)";
    private static final Pattern GRANTEES = Pattern.compile(
            "(?:\\bTO|\\bFROM|\\bFOR ROLE|\\bGRANTED BY)\\s+(" + NAME + "(?:\\s*,\\s*" + NAME + ")*)");
    private static final Pattern ROLE = Pattern.compile("\"((?:[^\"]|\"\")+)\"|([A-Za-z_][A-Za-z0-9_$]*)");
    private static final Set<String> NOT_ROLES = Set.of("PUBLIC", "CURRENT_USER", "SESSION_USER", "CURRENT_ROLE");

    private DumpRoles() {}

    public static Set<String> of(TocReader.Archive archive) {
        Set<String> roles = new TreeSet<>();
        if (archive == null) return roles;
        for (TocEntry e : archive.entries()) {
            if (e.owner() != null && !e.owner().isBlank()) add(roles, e.owner());
            if (e.defn() != null && ("ACL".equals(e.desc()) || "DEFAULT ACL".equals(e.desc()))) {
                grantees(e.defn(), roles);
            }
        }
        return roles;
    }

    /**
     * Keywords are searched in a copy whose quoted identifiers are blanked out, so a table named
     * "sales TO archive" is not mistaken for a grant; names are then read from the original.
     */
    private static void grantees(String sql, Set<String> roles) {
        String masked = maskQuoted(sql);
        Matcher m = GRANTEES.matcher(masked);
        while (m.find()) {
            Matcher r = ROLE.matcher(sql.substring(m.start(1), m.end(1)));
            while (r.find()) {
                String name = r.group(1) != null ? r.group(1).replace("\"\"", "\"") : r.group(2);
                if (!NOT_ROLES.contains(name.toUpperCase())) add(roles, name);
            }
        }
    }

    private static String maskQuoted(String sql) {
        StringBuilder out = new StringBuilder(sql);
        boolean quoted = false;
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (quoted) {
                out.setCharAt(i, 'x');
            }
        }
        return out.toString();
    }

    private static void add(Set<String> roles, String name) {
        if (!name.startsWith("pg_")) roles.add(name);
    }
}
