package dev.bulwark.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** ACL texts are those pg_dump 15.18 wrote for grants made on a real server. */
class DumpRolesTest {
    private int nextId = 1;

    private TocEntry entry(String desc, String owner, String defn) {
        return new TocEntry(nextId++, desc, "public", "t", owner, defn, null, null);
    }

    private static TocReader.Archive archive(TocEntry... entries) {
        return new TocReader.Archive("1.14.0", "15.18", "15.18", "app", "gzip", List.of(entries));
    }

    @Test
    void nullArchiveHasNoRoles() {
        assertThat(DumpRoles.of(null)).isEmpty();
    }

    @Test
    void ownersAreCollected() {
        var roles = DumpRoles.of(archive(
                entry("TABLE", "app", "CREATE TABLE public.t (id integer);\n"),
                entry("SEQUENCE", "billing_owner", "CREATE SEQUENCE public.s;\n"),
                entry("SCHEMA", "Mixed Case", "CREATE SCHEMA \"Mixed Case\";\n"),
                entry("ENCODING", "", "SET client_encoding = 'UTF8';\n"),
                entry("STDSTRINGS", null, "SET standard_conforming_strings = 'on';\n"),
                entry("TABLE DATA", "app", "")));

        assertThat(roles).containsExactlyInAnyOrder("app", "billing_owner", "Mixed Case");
    }

    @Test
    void granteesOfAclAreCollected() {
        var roles = DumpRoles.of(archive(entry("ACL", "app", """
                GRANT SELECT ON TABLE public.t TO ai_readonly;
                GRANT ALL ON TABLE public.t TO "Weird ""Role\"\"";
                """)));

        assertThat(roles).containsExactlyInAnyOrder("app", "ai_readonly", "Weird \"Role\"");
    }

    @Test
    void realAclWithGrantOptionAndOtherGrantor() {
        var roles = DumpRoles.of(archive(entry("ACL", "app", """
                GRANT SELECT ON TABLE public.t TO ai_readonly;
                GRANT ALL ON TABLE public.t TO "Weird ""Role\"\"";
                GRANT SELECT ON TABLE public.t TO bob WITH GRANT OPTION;
                GRANT SELECT ON TABLE public.t TO olduser;
                SET SESSION AUTHORIZATION bob;
                GRANT SELECT ON TABLE public.t TO reader;
                RESET SESSION AUTHORIZATION;
                """)));

        assertThat(roles).containsExactlyInAnyOrder("app", "ai_readonly", "Weird \"Role\"", "bob", "olduser", "reader");
    }

    @Test
    void defaultAclNamesTheRoleAndTheGrantee() {
        var roles = DumpRoles.of(archive(entry("DEFAULT ACL", "app",
                "ALTER DEFAULT PRIVILEGES FOR ROLE app IN SCHEMA public GRANT SELECT ON TABLES  TO reader;\n")));

        assertThat(roles).containsExactlyInAnyOrder("app", "reader");
    }

    @Test
    void defaultAclForAnotherRole() {
        var roles = DumpRoles.of(archive(entry("DEFAULT ACL", "",
                "ALTER DEFAULT PRIVILEGES FOR ROLE etl IN SCHEMA public GRANT SELECT ON TABLES  TO reader;\n"
                        + "ALTER DEFAULT PRIVILEGES FOR ROLE etl IN SCHEMA public GRANT INSERT ON TABLES  TO \"Loader\";\n")));

        assertThat(roles).containsExactlyInAnyOrder("etl", "reader", "Loader");
    }

    @Test
    void revokeFromCountsAndPublicDoesNot() {
        var roles = DumpRoles.of(archive(
                entry("ACL", "app", """
                        REVOKE ALL ON TABLE public.t FROM PUBLIC;
                        REVOKE SELECT ON TABLE public.t FROM olduser;
                        GRANT SELECT ON TABLE public.t TO PUBLIC;
                        """),
                entry("DEFAULT ACL", "app",
                        "ALTER DEFAULT PRIVILEGES FOR ROLE app REVOKE ALL ON FUNCTIONS  FROM PUBLIC;\n")));

        assertThat(roles).containsExactlyInAnyOrder("app", "olduser");
    }

    @Test
    void severalGranteesInOneStatement() {
        var roles = DumpRoles.of(archive(entry("ACL", "app",
                "GRANT SELECT ON TABLE public.t TO alice, \"Bob Smith\",carol;\n")));
        assertThat(roles).containsExactlyInAnyOrder("app", "alice", "Bob Smith", "carol");
    }

    @Test
    void columnAndFunctionAcls() {
        var roles = DumpRoles.of(archive(
                entry("ACL", "app", "GRANT SELECT(email) ON TABLE public.users TO support;\n"),
                entry("ACL", "app", "GRANT ALL ON FUNCTION public.f(a integer, b text) TO fn_user;\n"),
                entry("ACL", "app", "GRANT USAGE ON SCHEMA reporting TO analyst;\n")));
        assertThat(roles).containsExactlyInAnyOrder("app", "support", "fn_user", "analyst");
    }

    @Test
    void grantsOutsideAclEntriesAreIgnored() {
        // A function body or comment that mentions "TO someone" is not a grant.
        var roles = DumpRoles.of(archive(
                entry("FUNCTION", "app", "CREATE FUNCTION public.f() RETURNS void AS $$ GRANT SELECT ON t TO ghost $$ LANGUAGE sql;\n"),
                entry("COMMENT", "app", "COMMENT ON TABLE public.t IS 'copied FROM legacy TO warehouse';\n")));
        assertThat(roles).containsExactly("app");
    }

    @Test
    void builtInRolesAreNotReturned() {
        // pg_dump 15.18 writes the public schema's ACL with owner pg_database_owner once its grants
        // were changed (e.g. GRANT USAGE ON SCHEMA public TO ai_readonly). Roles named pg_* are
        // reserved: they exist in every cluster and CREATE ROLE of one fails
        // ("role name "pg_database_owner" is reserved"), so they must not be among the roles to create.
        var roles = DumpRoles.of(archive(
                new TocEntry(3352, "ACL", null, "SCHEMA public", "pg_database_owner",
                        "GRANT USAGE ON SCHEMA public TO ai_readonly;\n", null, null),
                entry("ACL", "app", "GRANT SELECT ON TABLE public.t TO pg_monitor;\n")));

        assertThat(roles).containsExactlyInAnyOrder("ai_readonly", "app");
    }

    @Test
    void quotedTableNameContainingToIsNotAGrantee() {
        // Captured from pg_dump 15.18: a table named "sales TO archive".
        var roles = DumpRoles.of(archive(new TocEntry(3353, "ACL", "public", "TABLE \"sales TO archive\"", "app",
                "GRANT SELECT ON TABLE public.\"sales TO archive\" TO reader;\n", null, null)));

        assertThat(roles).containsExactlyInAnyOrder("app", "reader");
    }

    @Test
    void resultIsSortedAndDistinct() {
        List<TocEntry> entries = new ArrayList<>();
        for (String r : List.of("zed", "app", "mid", "app")) entries.add(entry("TABLE", r, ""));
        entries.add(entry("ACL", "app", "GRANT SELECT ON TABLE public.t TO zed;\nGRANT SELECT ON TABLE public.u TO zed;\n"));

        assertThat(DumpRoles.of(archive(entries.toArray(TocEntry[]::new)))).containsExactly("app", "mid", "zed");
    }
}
