package dev.bulwark.gate.sql;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * SET, RESET and transaction modes. Only a short list of presentation settings may be changed by an
 * agent; everything that touches identity (role, session_authorization), read-only enforcement
 * (default_transaction_read_only, transaction_read_only), the gate's own limits (statement_timeout,
 * lock_timeout...), how the server decodes text the gate has already classified (client_encoding,
 * standard_conforming_strings), or row-level-security inputs (custom settings like app.tenant) is
 * held. search_path is allowed only if it does not name pg_catalog: while pg_catalog is not listed it
 * is searched first, so built-in functions cannot be shadowed by same-named user functions.
 */
final class SettingRules {
    private SettingRules() {
    }

    static final Set<String> ALLOWED_SETTINGS = Set.of("application_name", "datestyle", "intervalstyle", "timezone",
            "extra_float_digits", "search_path", "client_min_messages", "bytea_output", "lc_monetary", "lc_numeric",
            "lc_time", "default_transaction_isolation");

    /** Why the SET statement in [from, to) is not harmless, or empty. {@code from} is the SET token. */
    static Optional<String> checkSet(List<Token> t, int from, int to) {
        int i = from + 1;
        if (i < to && (t.get(i).isKeyword("session") || t.get(i).isKeyword("local"))) {
            if (t.get(i).isKeyword("session") && i + 1 < to && t.get(i + 1).isKeyword("characteristics")) {
                if (i + 3 >= to || !t.get(i + 2).isKeyword("as") || !t.get(i + 3).isKeyword("transaction")) {
                    return Optional.of("cannot classify SET SESSION CHARACTERISTICS");
                }
                return checkTransactionModes(t, i + 4, to);
            }
            if (t.get(i).isKeyword("session") && i + 1 < to && t.get(i + 1).isKeyword("authorization")) {
                return Optional.of("SET SESSION AUTHORIZATION changes identity");
            }
            i++;
        }
        if (i >= to || !t.get(i).isName()) return Optional.of("cannot classify SET");
        Token name = t.get(i);
        if (name.isKeyword("transaction")) {
            if (i + 1 < to && t.get(i + 1).isKeyword("snapshot")) return Optional.of("SET TRANSACTION SNAPSHOT is not allowed");
            return checkTransactionModes(t, i + 1, to);
        }
        if (name.isKeyword("role")) return Optional.of("SET ROLE changes identity");
        if (name.isKeyword("time") && i + 1 < to && t.get(i + 1).isKeyword("zone")) return checkValue(t, i + 2, to, "timezone");
        if (name.isKeyword("schema")) return checkValue(t, i + 1, to, "search_path");
        if (name.isKeyword("names")) return Optional.of("SET NAMES changes client_encoding");
        if (i + 1 < to && t.get(i + 1).isPunct(".")) return Optional.of("setting a custom parameter is not allowed");
        String setting = name.value();
        if (!ALLOWED_SETTINGS.contains(setting)) return Optional.of("setting " + setting + " is not on the allow-list");
        i++;
        if (i >= to || !(t.get(i).isKeyword("to") || (t.get(i).type() == TokenType.OPERATOR && t.get(i).value().equals("=")))) {
            return Optional.of("cannot classify SET " + setting);
        }
        return checkValue(t, i + 1, to, setting);
    }

    /** A SET value may only be constants; search_path must not name pg_catalog. */
    private static Optional<String> checkValue(List<Token> t, int i, int to, String setting) {
        if (i >= to) return Optional.of("cannot classify SET " + setting + ": no value");
        for (int k = i; k < to; k++) {
            Token v = t.get(k);
            boolean constant = v.isName() || v.isString() || v.type() == TokenType.NUMBER || v.isPunct(",")
                    || (v.type() == TokenType.OPERATOR && (v.value().equals("-") || v.value().equals("+")));
            if (!constant) return Optional.of("cannot classify the value of SET " + setting);
            if (setting.equals("search_path") && v.value().toLowerCase(java.util.Locale.ROOT).contains("pg_catalog")) {
                return Optional.of("search_path naming pg_catalog could let user functions shadow built-ins");
            }
        }
        return Optional.empty();
    }

    /** RESET name: allowed for allow-listed settings; RESET ALL, ROLE, SESSION AUTHORIZATION are not. */
    static Optional<String> checkReset(List<Token> t, int from, int to) {
        if (from + 1 >= to) return Optional.of("cannot classify RESET");
        Token name = t.get(from + 1);
        if (name.isKeyword("time") && from + 3 == to && t.get(from + 2).isKeyword("zone")) return Optional.empty();
        if (from + 2 != to || !name.isName()) return Optional.of("cannot classify RESET");
        if (name.isKeyword("all")) return Optional.of("RESET ALL is not allowed (it could undo session protections)");
        if (!ALLOWED_SETTINGS.contains(name.value())) return Optional.of("setting " + name.value() + " is not on the allow-list");
        return Optional.empty();
    }

    /** Transaction modes: isolation levels, READ ONLY, [NOT] DEFERRABLE; READ WRITE is a write. */
    static Optional<String> checkTransactionModes(List<Token> t, int i, int to) {
        while (i < to) {
            Token m = t.get(i);
            if (m.isPunct(",")) {
                i++;
            } else if (m.isKeyword("read") && i + 1 < to && t.get(i + 1).isKeyword("only")) {
                i += 2;
            } else if (m.isKeyword("read") && i + 1 < to && t.get(i + 1).isKeyword("write")) {
                return Optional.of("READ WRITE transaction mode");
            } else if (m.isKeyword("deferrable")) {
                i++;
            } else if (m.isKeyword("not") && i + 1 < to && t.get(i + 1).isKeyword("deferrable")) {
                i += 2;
            } else if (m.isKeyword("isolation") && i + 2 < to && t.get(i + 1).isKeyword("level")) {
                i = isolationLevelEnd(t, i + 2, to);
                if (i < 0) return Optional.of("cannot classify the isolation level");
            } else {
                return Optional.of("cannot classify transaction mode " + QueryRules.describe(m));
            }
        }
        return Optional.empty();
    }

    private static int isolationLevelEnd(List<Token> t, int i, int to) {
        if (t.get(i).isKeyword("serializable")) return i + 1;
        if (i + 1 >= to) return -1;
        Token a = t.get(i);
        Token b = t.get(i + 1);
        boolean ok = (a.isKeyword("repeatable") && b.isKeyword("read"))
                || (a.isKeyword("read") && (b.isKeyword("committed") || b.isKeyword("uncommitted")));
        return ok ? i + 2 : -1;
    }
}
