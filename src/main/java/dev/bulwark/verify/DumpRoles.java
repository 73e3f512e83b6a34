package dev.bulwark.verify;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The roles a dump refers to: object owners and the grantees of its privileges. */
final class DumpRoles {
    private static final Pattern GRANTEES = Pattern.compile(
            "(?:\\bTO|\\bFROM|FOR ROLE|GRANTED BY)\\s+((?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)(?:\\s*,\\s*(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*))*)");
    private static final Pattern ROLE = Pattern.compile("\"((?:[^\"]|\"\")+)\"|([A-Za-z_][A-Za-z0-9_$]*)");

    private DumpRoles() {}

    static Set<String> of(TocReader.Archive archive) {
        Set<String> roles = new TreeSet<>();
        if (archive == null) return roles;
        for (TocEntry e : archive.entries()) {
            if (e.owner() != null && !e.owner().isBlank()) roles.add(e.owner());
            if (e.defn() != null && ("ACL".equals(e.desc()) || "DEFAULT ACL".equals(e.desc()))) {
                Matcher m = GRANTEES.matcher(e.defn());
                while (m.find()) {
                    Matcher r = ROLE.matcher(m.group(1));
                    while (r.find()) {
                        String name = r.group(1) != null ? r.group(1).replace("\"\"", "\"") : r.group(2);
                        if (!name.equalsIgnoreCase("PUBLIC") && !name.equals("CURRENT_USER") && !name.equals("SESSION_USER")) {
                            roles.add(name);
                        }
                    }
                }
            }
        }
        return roles;
    }
}
