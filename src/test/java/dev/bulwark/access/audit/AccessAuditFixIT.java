package dev.bulwark.access.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.bulwark.testing.Production;

/** Every finding's fix, run as written on a real server, removes that finding from the next audit. */
class AccessAuditFixIT {
    static final String FIXTURE = """
            CREATE ROLE f_owner; CREATE ROLE f_rw; CREATE ROLE f_group;
            CREATE TABLE public.accounts (id int PRIMARY KEY, email text, balance numeric);
            ALTER TABLE public.accounts OWNER TO f_owner;
            GRANT INSERT, UPDATE ON public.accounts TO f_rw;
            GRANT f_rw TO f_group;
            CREATE ROLE f_agent LOGIN NOINHERIT;
            GRANT f_group TO f_agent;
            GRANT pg_write_all_data TO f_agent;
            GRANT UPDATE (email) ON public.accounts TO f_agent;
            CREATE TABLE public.ledger (id int);
            ALTER TABLE public.ledger OWNER TO f_agent;
            CREATE SEQUENCE public.ledger_seq;
            GRANT USAGE, UPDATE ON SEQUENCE public.ledger_seq TO f_agent;
            CREATE FUNCTION public.close_account(account int) RETURNS void LANGUAGE sql SECURITY DEFINER
                AS 'DELETE FROM public.accounts WHERE id = account';
            ALTER FUNCTION public.close_account(int) OWNER TO f_owner;
            ALTER DEFAULT PRIVILEGES FOR ROLE f_owner IN SCHEMA public GRANT INSERT, DELETE ON TABLES TO f_agent;
            ALTER DEFAULT PRIVILEGES FOR ROLE f_owner GRANT UPDATE ON SEQUENCES TO f_rw;
            CREATE SCHEMA "open space";
            GRANT CREATE ON SCHEMA "open space" TO PUBLIC;
            GRANT CREATE ON DATABASE fixes TO f_agent;
            CREATE ROLE f_admins SUPERUSER CREATEDB;
            GRANT f_admins TO f_agent;
            ALTER ROLE f_agent CREATEROLE BYPASSRLS;
            CREATE ROLE f_delegate;
            GRANT TRUNCATE ON public.accounts TO f_delegate WITH GRANT OPTION;
            SET ROLE f_delegate; GRANT TRUNCATE ON public.accounts TO f_agent; RESET ROLE;
            GRANT TRUNCATE ON public.accounts TO f_agent WITH GRANT OPTION;
            SELECT lo_from_bytea(515151, 'a'), lo_from_bytea(515152, 'b');
            GRANT UPDATE ON LARGE OBJECT 515151 TO f_agent;
            ALTER LARGE OBJECT 515152 OWNER TO f_agent;
            ALTER DATABASE fixes SET lo_compat_privileges = on;
            ALTER ROLE f_agent IN DATABASE fixes SET default_transaction_read_only = off;
            CREATE ROLE "f ""quoted"" writer" LOGIN;
            GRANT DELETE ON public.accounts TO "f ""quoted"" writer";
            """;

    static Production production;

    @BeforeAll
    static void start() throws Exception {
        production = Production.start("fixes", FIXTURE);
    }

    @AfterAll
    static void stop() {
        if (production != null) production.close();
    }

    private static List<Finding> findings() {
        AccessAuditReport report = AccessAuditIT.audit(production, Map.of("f_agent", List.of("agent")), "f \"quoted\" writer");
        List<Finding> all = new ArrayList<>();
        report.roles().forEach(r -> all.addAll(r.findings()));
        return all;
    }

    /** The same grant may be held twice, from two grantors: the fix tells the two findings apart. */
    private static boolean same(Finding a, Finding b) {
        return a.kind() == b.kind() && a.object().equals(b.object()) && a.path().equals(b.path()) && a.fixSql().equals(b.fixSql());
    }

    @Test
    void eachFixRemovesItsFindingUntilNothingIsLeft() throws Exception {
        List<Finding> before = findings();
        assertThat(before).extracting(Finding::kind).contains(FindingKind.ROLE_ATTRIBUTE, FindingKind.PREDEFINED_ROLE,
                FindingKind.TABLE_PRIVILEGE, FindingKind.COLUMN_PRIVILEGE, FindingKind.SEQUENCE_PRIVILEGE,
                FindingKind.LARGE_OBJECT_PRIVILEGE, FindingKind.LARGE_OBJECT_COMPAT, FindingKind.OWNERSHIP,
                FindingKind.DATABASE_PRIVILEGE, FindingKind.SCHEMA_PRIVILEGE, FindingKind.SECURITY_DEFINER_FUNCTION,
                FindingKind.RISKY_FUNCTION, FindingKind.DEFAULT_PRIVILEGE, FindingKind.SETTING, FindingKind.CONNECTION_LIMIT);
        assertThat(before).anyMatch(f -> f.pathText().equals("f_agent -> f_group -> f_rw -> INSERT on public.accounts") && f.viaSetRole());
        int applied = 0;
        List<Finding> current = before;
        while (!current.isEmpty()) {
            Finding f = current.get(0);
            try (Connection c = production.sandbox().connect("fixes"); Statement st = c.createStatement()) {
                st.execute(f.fixSql());
            }
            applied++;
            current = findings();
            assertThat(current).as("after running the fix of %s: %s", f.pathText(), f.fixSql()).noneMatch(x -> same(x, f));
            assertThat(applied).as("fixes applied").isLessThan(before.size() + 1);
        }
        assertThat(production.queryLong("SELECT count(*) FROM public.accounts")).isZero();
    }
}
