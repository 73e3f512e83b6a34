package dev.bulwark.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bulwark.verify.RestoreProblem.Cause;

/** pg_restore 15's stderr, as it prints it (several lines were captured from real runs). */
class RestoreDiagnosisTest {

    private static List<RestoreProblem> diagnose(String stderr) {
        return RestoreDiagnosis.diagnose(stderr.lines().toList());
    }

    private static RestoreProblem only(String stderr) {
        List<RestoreProblem> problems = diagnose(stderr);
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }

    @Test
    void missingExtensionWithDetailHintAndCommand() {
        String stderr = """
                pg_restore: while PROCESSING TOC:
                pg_restore: from TOC entry 2; 3079 16385 EXTENSION postgis (no owner)
                pg_restore: error: could not execute query: ERROR:  extension "postgis" is not available
                DETAIL:  Could not open extension control file "/usr/share/postgresql/15/extension/postgis.control": No such file or directory.
                HINT:  The extension must first be installed on the system where PostgreSQL is running.
                Command was: CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public;


                pg_restore: warning: errors ignored on restore: 1
                """;

        RestoreProblem p = only(stderr);

        assertThat(p.cause()).isEqualTo(Cause.ENVIRONMENT);
        assertThat(p.what()).isEqualTo("the restore target lacks extension postgis");
        assertThat(p.hint()).contains("install").contains("extension");
        assertThat(p.quoted())
                .startsWith("pg_restore: error: could not execute query: ERROR:  extension \"postgis\" is not available")
                .contains("DETAIL:  Could not open extension control file")
                .contains("HINT:  The extension must first be installed")
                .contains("Command was: CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public;")
                .doesNotContain("errors ignored")
                .doesNotContain("PROCESSING TOC");
    }

    @Test
    void missingExtensionControlFile() {
        RestoreProblem p = only("""
                pg_restore: from TOC entry 2; 3079 16385 EXTENSION foo (no owner)
                pg_restore: error: could not execute query: ERROR:  could not open extension control file "/usr/share/postgresql/15/extension/foo.control": No such file or directory
                Command was: CREATE EXTENSION IF NOT EXISTS foo WITH SCHEMA public;
                """);

        assertThat(p.cause()).isEqualTo(Cause.ENVIRONMENT);
        assertThat(p.what()).isEqualTo("the restore target lacks extension foo");
        assertThat(p.quoted()).endsWith("Command was: CREATE EXTENSION IF NOT EXISTS foo WITH SCHEMA public;");
    }

    @Test
    void missingSharedLibrary() {
        RestoreProblem p = only("""
                pg_restore: error: could not execute query: ERROR:  could not access file "$libdir/postgis-3": No such file or directory
                Command was: CREATE FUNCTION public.box2d_in(cstring) RETURNS public.box2d
                    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
                    AS '$libdir/postgis-3', 'BOX2D_in';
                """);

        assertThat(p.cause()).isEqualTo(Cause.ENVIRONMENT);
        assertThat(p.what()).contains("shared library postgis-3");
        assertThat(p.quoted()).contains("LANGUAGE c IMMUTABLE").contains("AS '$libdir/postgis-3', 'BOX2D_in';");
    }

    @Test
    void missingRoleQuotesTheWholeCommand() {
        // Captured from pg_restore 15.18 restoring a dump whose grantee does not exist.
        String stderr = """
                pg_restore: error: could not execute query: ERROR:  role "olduser" does not exist
                Command was: GRANT SELECT ON TABLE public.t TO ai_readonly;
                GRANT ALL ON TABLE public.t TO "Weird ""Role\"\"";
                GRANT SELECT ON TABLE public.t TO olduser;
                SET SESSION AUTHORIZATION bob;
                GRANT SELECT ON TABLE public.t TO reader;
                RESET SESSION AUTHORIZATION;


                pg_restore: warning: errors ignored on restore: 1
                """;

        RestoreProblem p = only(stderr);

        assertThat(p.cause()).isEqualTo(Cause.ENVIRONMENT);
        assertThat(p.what()).isEqualTo("the restore target lacks role olduser");
        assertThat(p.hint()).contains("create the role");
        assertThat(p.quoted())
                .contains("Command was: GRANT SELECT ON TABLE public.t TO ai_readonly;")
                .contains("GRANT SELECT ON TABLE public.t TO olduser;")
                .contains("RESET SESSION AUTHORIZATION;")
                .doesNotContain("warning");
    }

    @Test
    void missingOwnerRole() {
        RestoreProblem p = only("""
                pg_restore: from TOC entry 214; 1259 16397 TABLE t app
                pg_restore: error: could not execute query: ERROR:  role "app" does not exist
                Command was: ALTER TABLE public.t OWNER TO app;
                """);

        assertThat(p.cause()).isEqualTo(Cause.ENVIRONMENT);
        assertThat(p.what()).isEqualTo("the restore target lacks role app");
        assertThat(p.quoted()).contains("Command was: ALTER TABLE public.t OWNER TO app;");
    }

    @Test
    void missingTablespace() {
        RestoreProblem p = only("""
                pg_restore: from TOC entry 215; 1259 16400 TABLE events app
                pg_restore: error: could not execute query: ERROR:  tablespace "fast" does not exist
                Command was: CREATE TABLE public.events (
                    id bigint NOT NULL
                );
                """);

        assertThat(p.cause()).isEqualTo(Cause.ENVIRONMENT);
        assertThat(p.what()).isEqualTo("the restore target lacks tablespace fast");
        assertThat(p.quoted()).contains("CREATE TABLE public.events (").endsWith(");");
    }

    @Test
    void missingCollation() {
        RestoreProblem p = only("""
                pg_restore: error: could not execute query: ERROR:  collation "de-DE-x-icu" for encoding "UTF8" does not exist
                Command was: CREATE TABLE public.names (n text COLLATE "de-DE-x-icu");
                """);
        assertThat(p.cause()).isEqualTo(Cause.ENVIRONMENT);
        assertThat(p.what()).contains("de-DE-x-icu");
    }

    @Test
    void permissionDenied() {
        RestoreProblem p = only("""
                pg_restore: error: could not execute query: ERROR:  permission denied for schema public
                Command was: CREATE TABLE public.t (id integer);
                """);
        assertThat(p.cause()).isEqualTo(Cause.ENVIRONMENT);
        assertThat(p.what()).contains("permission denied for schema public");
    }

    @Test
    void truncatedTocIsTheBackup() {
        // Captured from pg_restore 15.18 with a toc.dat cut short.
        RestoreProblem p = only("pg_restore: error: could not read from input file: end of file\n");

        assertThat(p.cause()).isEqualTo(Cause.BACKUP);
        assertThat(p.what()).isEqualTo("the backup is damaged (could not read from input file)");
        assertThat(p.hint()).contains("cannot be trusted");
        assertThat(p.quoted()).isEqualTo("pg_restore: error: could not read from input file: end of file");
    }

    @Test
    void damagedCompressedDataIsTheBackup() {
        RestoreProblem p = only("""
                pg_restore: from TOC entry 3344; 0 16397 TABLE DATA t app
                pg_restore: error: could not uncompress data: invalid distance too far back
                """);

        assertThat(p.cause()).isEqualTo(Cause.BACKUP);
        assertThat(p.what()).startsWith("the backup is damaged (").contains("could not uncompress data");
    }

    @Test
    void failedDataCheckIsTheBackup() {
        // Captured from pg_restore 15.18 with one byte of a .dat.gz flipped.
        RestoreProblem p = only(
                "pg_restore: error: could not read from input file: /backups/dump/3344.dat.gz: incorrect data check\n");
        assertThat(p.cause()).isEqualTo(Cause.BACKUP);
    }

    @Test
    void badDataInCopyIsTheBackup() {
        // Captured from pg_restore 15.18 with a data file whose row was altered.
        RestoreProblem p = only("""
                pg_restore: error: COPY failed for table "t": ERROR:  invalid input syntax for type integer: "x3"
                CONTEXT:  COPY t, line 3, column id: "x3"
                pg_restore: warning: errors ignored on restore: 1
                """);

        assertThat(p.cause()).isEqualTo(Cause.BACKUP);
        assertThat(p.what()).isEqualTo("the backup is damaged (invalid input syntax)");
        assertThat(p.quoted())
                .isEqualTo("pg_restore: error: COPY failed for table \"t\": ERROR:  invalid input syntax for type integer: \"x3\"\n"
                        + "CONTEXT:  COPY t, line 3, column id: \"x3\"");
    }

    @Test
    void missingColumnDataIsTheBackup() {
        RestoreProblem p = only("""
                pg_restore: error: COPY failed for table "t": ERROR:  missing data for column "name"
                CONTEXT:  COPY t, line 7: "7"
                """);
        assertThat(p.cause()).isEqualTo(Cause.BACKUP);
    }

    @Test
    void unknownError() {
        RestoreProblem p = only("""
                pg_restore: error: could not execute query: ERROR:  deadlock detected
                DETAIL:  Process 4711 waits for AccessExclusiveLock on relation 16397 of database 16384.
                Command was: ALTER TABLE ONLY public.t ADD CONSTRAINT t_pkey PRIMARY KEY (id);
                """);

        assertThat(p.cause()).isEqualTo(Cause.UNKNOWN);
        assertThat(p.what()).isEqualTo("pg_restore failed: could not execute query: ERROR:  deadlock detected");
        assertThat(p.hint()).contains("not restorable");
        assertThat(p.quoted()).contains("DETAIL:  Process 4711").contains("Command was: ALTER TABLE ONLY public.t");
    }

    @Test
    void onlyTheSummaryLineIsNotAProblem() {
        assertThat(diagnose("pg_restore: warning: errors ignored on restore: 3\n")).isEmpty();
        assertThat(diagnose("pg_restore: error: errors ignored on restore: 3\n")).isEmpty();
    }

    @Test
    void cleanRestoreHasNoProblems() {
        assertThat(RestoreDiagnosis.diagnose(List.of())).isEmpty();
        assertThat(diagnose("""
                pg_restore: connecting to database for restore
                pg_restore: creating TABLE "public.t"
                pg_restore: processing data for table "public.t"
                """)).isEmpty();
    }

    @Test
    void fatalConnectionError() {
        RestoreProblem p = only("""
                pg_restore: error: connection to server on socket "/tmp/sb/.s.PGSQL.5432" failed: FATAL:  database "bulwark_verify" does not exist
                """);
        assertThat(p.cause()).isEqualTo(Cause.UNKNOWN);
        assertThat(p.quoted()).contains("bulwark_verify");
    }

    @Test
    void everyErrorBecomesOneProblemInOrder() {
        String stderr = """
                pg_restore: while PROCESSING TOC:
                pg_restore: from TOC entry 2; 3079 16385 EXTENSION postgis (no owner)
                pg_restore: error: could not execute query: ERROR:  extension "postgis" is not available
                DETAIL:  Could not open extension control file "/usr/share/postgresql/15/extension/postgis.control": No such file or directory.
                HINT:  The extension must first be installed on the system where PostgreSQL is running.
                Command was: CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public;


                pg_restore: from TOC entry 4321; 0 0 COMMENT EXTENSION postgis
                pg_restore: error: could not execute query: ERROR:  extension "postgis" does not exist
                Command was: COMMENT ON EXTENSION postgis IS 'PostGIS geometry and geography spatial types and functions';


                pg_restore: from TOC entry 214; 1259 16397 TABLE t app
                pg_restore: error: could not execute query: ERROR:  role "app" does not exist
                Command was: ALTER TABLE public.t OWNER TO app;


                pg_restore: from TOC entry 3344; 0 16397 TABLE DATA t app
                pg_restore: error: could not uncompress data: invalid distance too far back
                pg_restore: warning: errors ignored on restore: 4
                """;

        List<RestoreProblem> problems = diagnose(stderr);

        assertThat(problems).extracting(RestoreProblem::cause)
                .containsExactly(Cause.ENVIRONMENT, Cause.UNKNOWN, Cause.ENVIRONMENT, Cause.BACKUP);
        assertThat(problems.get(0).what()).contains("postgis");
        assertThat(problems.get(0).quoted()).contains("CREATE EXTENSION").doesNotContain("COMMENT ON EXTENSION");
        assertThat(problems.get(1).quoted()).contains("COMMENT ON EXTENSION").doesNotContain("OWNER TO");
        assertThat(problems.get(2).what()).contains("role app");
        assertThat(problems.get(2).quoted()).contains("OWNER TO app").doesNotContain("uncompress");
        assertThat(problems.get(3).quoted()).isEqualTo("pg_restore: error: could not uncompress data: invalid distance too far back");
    }

    @Test
    void classifyWithoutStderr() {
        RestoreProblem p = RestoreDiagnosis.classify("exit 1", "some tail");
        assertThat(p.cause()).isEqualTo(Cause.UNKNOWN);
        assertThat(p.what()).isEqualTo("pg_restore failed: exit 1");
        assertThat(p.quoted()).isEqualTo("some tail");
    }
}
