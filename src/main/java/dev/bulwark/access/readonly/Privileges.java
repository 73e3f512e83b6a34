package dev.bulwark.access.readonly;

import java.util.Comparator;
import java.util.List;

/** Privilege names as GRANT and REVOKE spell them, in the order PostgreSQL's documentation lists them. */
final class Privileges {
    private static final List<String> ORDER = List.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES",
            "TRIGGER", "MAINTAIN", "CREATE", "CONNECT", "TEMPORARY", "EXECUTE", "USAGE");

    private Privileges() {}

    static List<String> ordered(List<String> privileges) {
        return privileges.stream().distinct()
                .sorted(Comparator.comparingInt((String p) -> ORDER.indexOf(p) < 0 ? ORDER.size() : ORDER.indexOf(p))
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
    }

    static String list(List<String> privileges) {
        return String.join(", ", privileges);
    }
}
