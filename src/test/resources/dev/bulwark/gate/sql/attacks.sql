# Attack corpus: every entry must classify as a Write.
# Format: entries are separated by a line that is exactly "====". Lines before the first
# separator that start with "#" are file comments. An entry may begin with option lines
# "#! scs=off" (lex with standard_conforming_strings off). Everything else is the SQL, verbatim.
====
COMMIT; DELETE FROM t
====
SELECT 1; DROP TABLE t
====
SET TRANSACTION READ WRITE
====
SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE
====
BEGIN READ WRITE
====
START TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ WRITE
====
BEGIN; SET TRANSACTION READ WRITE; DELETE FROM t; COMMIT
====
WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d
====
WITH u AS (UPDATE t SET a = 1 RETURNING a) SELECT count(*) FROM u
====
WITH i AS (INSERT INTO t VALUES (1) RETURNING 1) SELECT 1
====
WITH x AS (SELECT 1) DELETE FROM t
====
WITH RECURSIVE r(n) AS (SELECT 1) , m AS MATERIALIZED (MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE) SELECT 1
====
SELECT * INTO new_table FROM t
====
SELECT 1 AS a INTO TEMP x
====
SELECT * FROM t FOR UPDATE
====
SELECT * FROM t FOR NO KEY UPDATE
====
SELECT * FROM t FOR SHARE
====
SELECT * FROM t FOR KEY SHARE SKIP LOCKED
====
(SELECT * FROM t) FOR UPDATE OF t NOWAIT
====
EXPLAIN ANALYZE DELETE FROM t
====
EXPLAIN (ANALYZE, BUFFERS) UPDATE t SET a = 1
====
EXPLAIN (ANALYZE true) INSERT INTO t VALUES (1)
====
EXPLAIN (ANALYZE yes) DELETE FROM t
====
EXPLAIN ANALYZE CREATE TABLE x AS SELECT 1
====
EXPLAIN SELECT pg_terminate_backend(1)
====
COPY t FROM STDIN
====
COPY t TO '/tmp/x'
====
COPY (SELECT 1) TO PROGRAM 'rm -rf /'
====
COPY t (a, b) FROM '/etc/passwd'
====
COPY (DELETE FROM t RETURNING *) TO STDOUT
====
SELECT pg_terminate_backend(123)
====
SELECT pg_catalog.pg_terminate_backend(pid) FROM pg_stat_activity
====
SELECT "pg_terminate_backend"(1)
====
SELECT PG_CANCEL_BACKEND(1)
====
SELECT * FROM t WHERE a IN (SELECT pg_reload_conf()::int)
====
WITH x AS (SELECT pg_advisory_lock(1)) SELECT * FROM x
====
SELECT pg_try_advisory_xact_lock(42)
====
SELECT pg_read_file('/etc/passwd')
====
SELECT * FROM pg_ls_dir('.')
====
SELECT lo_import('/etc/passwd')
====
SELECT * FROM dblink('host=x', 'DELETE FROM t') AS r(a int)
====
SELECT dblink_exec('DROP TABLE t')
====
SELECT pg_stat_reset()
====
SELECT pg_switch_wal()
====
SELECT pg_create_physical_replication_slot('s')
====
SELECT pg_drop_replication_slot('s')
====
SELECT set_config('default_transaction_read_only', 'off', false)
====
SELECT txid_current()
====
SELECT pg_current_xact_id()
====
SELECT pg_notify('c', 'x')
====
SELECT nextval('s')
====
SELECT setval('s', 1)
====
SELECT 1 + (SELECT max(x) FROM (SELECT pg_promote() AS x) q)
====
SELECT U&"pg_terminate_backen\0064"(1)
====
SELECT U&"pg_terminate_backen!0064" UESCAPE '!' (1)
====
SELECT my_function_that_writes()
====
SELECT public.lower('x')
====
SELECT 1 OPERATOR(public.+) 2
====
SELECT 1 ~~~ 2
====
SELECT 1 /* ; */; DROP TABLE t
====
SELECT 1 /* nested /* ; */ still comment */; DROP TABLE t
====
SELECT $$;$$; DROP TABLE t
====
SELECT $a$ $b$ ; $a$; DROP TABLE t
====
SELECT 1 AS a$$; DROP TABLE t; SELECT $$
====
#! scs=off
SELECT 'a\''; DROP TABLE t; --'
====
SELECT 'a\'; DROP TABLE t; --'
====
SELECT E'\\'; DROP TABLE t; --'
====
SELECT E'\''; DROP TABLE t; --'
====
SELECT 'x' -- ; 
; DROP TABLE t
====
SELECT 'a'
'b'; DELETE FROM t
====
SELECT 1 --
; DELETE FROM t
====
SELECT U&'\0041' UESCAPE '!'; DROP TABLE t
====
#! scs=off
SELECT U&'x'
====
SELECT 'unterminated
====
SELECT "unterminated
====
SELECT $$unterminated
====
SELECT 1 /* unterminated
====
PREPARE p AS DELETE FROM t; EXECUTE p
====
EXECUTE never_prepared
====
PREPARE p AS SELECT 1; PREPARE q AS UPDATE t SET a = 1
====
DO $$ BEGIN DELETE FROM t; END $$
====
CALL proc()
====
SET role postgres
====
SET ROLE NONE
====
SET session_authorization = 'postgres'
====
SET SESSION AUTHORIZATION postgres
====
SET default_transaction_read_only = off
====
SET transaction_read_only TO off
====
SET statement_timeout = 0
====
SET client_encoding = 'SJIS'
====
SET NAMES 'SJIS'
====
SET standard_conforming_strings = off
====
SET app.tenant_id = '42'
====
SET search_path = public, pg_catalog
====
SELECT set_config('search_path', 'evil', false)
====
RESET ALL
====
RESET ROLE
====
DISCARD ALL
====
LOCK TABLE t IN ACCESS EXCLUSIVE MODE
====
DECLARE c CURSOR FOR SELECT * FROM t FOR UPDATE
====
DECLARE c CURSOR FOR DELETE FROM t RETURNING *
====
FETCH ALL FROM not_declared
====
CREATE TEMP TABLE x (a int)
====
CREATE TABLE x AS SELECT 1
====
CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END
====
VACUUM t
====
ANALYZE t
====
CLUSTER t
====
REINDEX TABLE t
====
TRUNCATE t
====
INSERT INTO t VALUES (1)
====
UPDATE t SET a = 1
====
DELETE FROM t
====
MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE
====
DROP TABLE t
====
ALTER TABLE t ADD COLUMN b int
====
GRANT ALL ON t TO public
====
REVOKE SELECT ON t FROM public
====
LOAD 'auto_explain'
====
CHECKPOINT
====
ALTER SYSTEM SET fsync = off
====
SECURITY LABEL ON TABLE t IS 'x'
====
COMMENT ON TABLE t IS 'x'
====
REFRESH MATERIALIZED VIEW mv
====
IMPORT FOREIGN SCHEMA s FROM SERVER x INTO public
====
NOTIFY channel, 'payload'
====
PREPARE TRANSACTION 'x'
====
COMMIT PREPARED 'x'
====
ROLLBACK PREPARED 'x'
====
SELECT 1 FROM t t1 JOIN LATERAL pg_terminate_backend(1) x ON true
====
SELECT count(*) FILTER (WHERE pg_cancel_backend(1)) FROM t
====
SELECT * FROM t ORDER BY pg_terminate_backend(1)
====
SELECT * FROM t LIMIT 1 OFFSET pg_terminate_backend(1)::int
====
SELECT ARRAY[pg_terminate_backend(1)]
====
SELECT CASE WHEN true THEN pg_terminate_backend(1) END
====
SELECT 1 OPERATOR(pg_catalog.+) pg_terminate_backend(1)::int
====
VALUES (pg_terminate_backend(1))
====
TABLE t; TRUNCATE t
====
SELECT 1 WHERE EXISTS (SELECT pg_sleep(0), pg_terminate_backend(1))
====
SELECT xmlparse(document pg_read_file('/x'))
====
SELECT * FROM t FETCH FIRST pg_terminate_backend(1)::int ROWS ONLY
====
SELECT query_to_xml('DELETE FROM t', true, true, '')
====
SELECT 0x1F; DROP TABLE t
====
SELECT 1abc
====
SELECT 'a' 'b'; DROP TABLE t
====
SELECT 1 AS "a""; DROP TABLE t; --"; DROP TABLE t
====
SELECT $1abc
