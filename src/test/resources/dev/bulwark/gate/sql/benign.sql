# Benign corpus: every entry must classify as a Read. Same format as attacks.sql.
====
SELECT 'DROP TABLE x'
====
SELECT "delete" FROM t
====
SELECT $$; DELETE FROM t$$
====
SELECT 1 -- ; DROP TABLE t
====
SELECT 1 /* ; DELETE FROM t; */
====
SELECT 1 /* nested /* DROP */ comment; */ AS a
====
SELECT $tag$ $$ ; UPDATE t SET a = 1; $$ $tag$
====
SELECT 'it''s; DROP TABLE t'
====
SELECT E'\'; DROP TABLE t; \''
====
#! scs=off
SELECT 'a\'; DROP TABLE t; \''
====
SELECT 'a\'; SELECT 'DELETE FROM t'
====
SELECT "pg_terminate_backend" FROM t
====
SELECT t.update, t.delete, t.insert FROM t
====
SELECT 1 AS update
====
SELECT 'pg_terminate_backend(1)' AS note
====
SELECT * FROM "INSERT INTO x" WHERE "for update" = 'FOR UPDATE'
====
SELECT 'a'
'; DROP TABLE t'
====
SELECT U&'d\0061t\+000061' AS data
====
SELECT U&'d!0061t' UESCAPE '!'
====
SELECT count(*), sum(a), avg(b), max(c) FROM t WHERE lower(name) LIKE 'x%'
====
WITH RECURSIVE r(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT * FROM r
====
WITH a AS MATERIALIZED (SELECT 1 AS x), b(y) AS NOT MATERIALIZED (SELECT 2) SELECT * FROM a, b
====
SELECT * FROM generate_series(1, 3) AS g(n)
====
SELECT * FROM unnest(ARRAY[1, 2]) u(x)
====
SELECT x FROM t t1(x)
====
VALUES (1, 'a'), (2, 'b')
====
TABLE t
====
(SELECT 1) UNION ALL (SELECT 2) ORDER BY 1
====
EXPLAIN SELECT * FROM t
====
EXPLAIN ANALYZE SELECT * FROM t
====
EXPLAIN (ANALYZE false, COSTS off) DELETE FROM t
====
EXPLAIN DELETE FROM t WHERE a = 1
====
SHOW search_path
====
SHOW ALL
====
SET application_name = 'agent'
====
SET LOCAL TimeZone TO 'UTC'
====
SET TIME ZONE 'Europe/Paris'
====
SET search_path TO public, app
====
SET extra_float_digits = 3
====
RESET application_name
====
SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY
====
BEGIN; SELECT 1; COMMIT
====
BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY DEFERRABLE
====
START TRANSACTION READ ONLY
====
SAVEPOINT s; ROLLBACK TO SAVEPOINT s; RELEASE s
====
ROLLBACK AND NO CHAIN
====
END
====
DECLARE c CURSOR WITH HOLD FOR SELECT * FROM t; FETCH FORWARD 10 FROM c; MOVE ABSOLUTE 1 IN c; CLOSE c
====
PREPARE p (int) AS SELECT $1 + 1; EXECUTE p(1); DEALLOCATE p
====
COPY t TO STDOUT
====
COPY (SELECT a, b FROM t WHERE a > 1) TO STDOUT WITH (FORMAT csv, HEADER)
====
COPY public.t (a, b) TO STDOUT
====
LISTEN channel; UNLISTEN *
====
SELECT n.nspname as "Schema",
  c.relname as "Name",
  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
  pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
WHERE c.relkind IN ('r','p','v','m','S','f','')
      AND n.nspname <> 'pg_catalog'
      AND n.nspname !~ '^pg_toast'
      AND n.nspname <> 'information_schema'
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 1,2;
====
SELECT c.oid,
  n.nspname,
  c.relname
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relname OPERATOR(pg_catalog.~) '^(t)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 2, 3;
====
SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers, c.relrowsecurity, c.relforcerowsecurity, false AS relhasoids, c.relispartition, pg_catalog.array_to_string(c.reloptions || array(select 'toast.' || x from pg_catalog.unnest(tc.reloptions) x), ', ')
, c.reltablespace, CASE WHEN c.reloftype = 0 THEN '' ELSE c.reloftype::pg_catalog.regtype::pg_catalog.text END, c.relpersistence, c.relreplident, am.amname
FROM pg_catalog.pg_class c
 LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid)
LEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid)
WHERE c.oid = '16384';
====
SELECT a.attname,
  pg_catalog.format_type(a.atttypid, a.atttypmod),
  (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true)
   FROM pg_catalog.pg_attrdef d
   WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),
  a.attnotnull,
  (SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t
   WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> t.typcollation) AS attcollation,
  a.attidentity,
  a.attgenerated
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = '16384' AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum;
====
SELECT c2.relname, i.indisprimary, i.indisunique, i.indisclustered, i.indisvalid, pg_catalog.pg_get_indexdef(i.indexrelid, 0, true),
  pg_catalog.pg_get_constraintdef(con.oid, true), contype, condeferrable, condeferred, i.indisreplident, c2.reltablespace
FROM pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i
  LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN ('p','u','x'))
WHERE c.oid = '16384' AND c.oid = i.indrelid AND i.indexrelid = c2.oid
ORDER BY i.indisprimary DESC, c2.relname;
====
SELECT t.tgname, pg_catalog.pg_get_triggerdef(t.oid, true), t.tgenabled, t.tgisinternal,
  CASE WHEN t.tgparentid != 0 THEN
    (SELECT u.tgrelid::pg_catalog.regclass
     FROM pg_catalog.pg_trigger AS u,
          pg_catalog.pg_partition_ancestors(t.tgrelid) WITH ORDINALITY AS a(relid, depth)
     WHERE u.tgname = t.tgname AND u.tgrelid = a.relid
           AND u.tgparentid = 0
     ORDER BY a.depth LIMIT 1)
  END AS parent
FROM pg_catalog.pg_trigger t
WHERE t.tgrelid = '16384' AND (NOT t.tgisinternal OR (t.tgisinternal AND t.tgenabled = 'D') OR
    EXISTS (SELECT 1 FROM pg_catalog.pg_depend WHERE objid = t.oid
        AND refclassid = 'pg_catalog.pg_trigger'::pg_catalog.regclass))
ORDER BY 1;
====
SELECT d.datname as "Name",
       pg_catalog.pg_get_userbyid(d.datdba) as "Owner",
       pg_catalog.pg_encoding_to_char(d.encoding) as "Encoding",
       d.datcollate as "Collate",
       d.datctype as "Ctype",
       d.daticulocale as "ICU Locale",
       CASE d.datlocprovider WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' END AS "Locale Provider",
       pg_catalog.array_to_string(d.datacl, E'\n') AS "Access privileges"
FROM pg_catalog.pg_database d
ORDER BY 1;
====
SELECT n.nspname AS "Name",
  pg_catalog.pg_get_userbyid(n.nspowner) AS "Owner"
FROM pg_catalog.pg_namespace n
WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
ORDER BY 1;
====
SELECT * FROM (SELECT n.nspname,c.relname,a.attname,a.atttypid,a.attnotnull OR (t.typtype = 'd' AND t.typnotnull) AS attnotnull,a.atttypmod,a.attlen,t.typtypmod,row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum) AS attnum, nullif(a.attidentity, '') as attidentity,nullif(a.attgenerated, '') as attgenerated,pg_catalog.pg_get_expr(def.adbin, def.adrelid) AS adsrc,dsc.description,t.typbasetype,t.typtype  FROM pg_catalog.pg_namespace n  JOIN pg_catalog.pg_class c ON (c.relnamespace = n.oid)  JOIN pg_catalog.pg_attribute a ON (a.attrelid=c.oid)  JOIN pg_catalog.pg_type t ON (a.atttypid = t.oid)  LEFT JOIN pg_catalog.pg_attrdef def ON (a.attrelid=def.adrelid AND a.attnum = def.adnum)  LEFT JOIN pg_catalog.pg_description dsc ON (c.oid=dsc.objoid AND a.attnum = dsc.objsubid)  LEFT JOIN pg_catalog.pg_class dc ON (dc.oid=dsc.classoid AND dc.relname='pg_class')  LEFT JOIN pg_catalog.pg_namespace dn ON (dc.relnamespace=dn.oid AND dn.nspname='pg_catalog')  WHERE c.relkind in ('r','p','v','f','m') and a.attnum > 0 AND NOT a.attisdropped  AND n.nspname LIKE 'public' AND c.relname LIKE 't') c WHERE true  ORDER BY nspname,c.relname,attnum
====
SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM,   ct.relname AS TABLE_NAME, a.attname AS COLUMN_NAME,   (information_schema._pg_expandarray(i.indkey)).n AS KEY_SEQ, ci.relname AS PK_NAME,   information_schema._pg_expandarray(i.indkey) AS KEYS, a.attnum AS A_ATTNUM FROM pg_catalog.pg_class ct   JOIN pg_catalog.pg_attribute a ON (ct.oid = a.attrelid)   JOIN pg_catalog.pg_namespace n ON (ct.relnamespace = n.oid)   JOIN pg_catalog.pg_index i ON ( a.attrelid = i.indrelid)   JOIN pg_catalog.pg_class ci ON (ci.oid = i.indexrelid) WHERE true  AND ct.relname = E't' AND i.indisprimary
====
SELECT typinput='pg_catalog.array_in'::regproc as is_array, typtype, typname, pg_type.oid   FROM pg_catalog.pg_type   LEFT JOIN (select ns.oid as nspoid, ns.nspname, r.r           from pg_namespace as ns           join ( select s.r, (current_schemas(false))[s.r] as nspname                    from generate_series(1, array_upper(current_schemas(false), 1)) as s(r) ) as r          using ( nspname )        ) as sp     ON sp.nspoid = typnamespace  WHERE typname = $1  ORDER BY sp.r, pg_type.oid DESC LIMIT 1
====
SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM, c.relname AS TABLE_NAME,  CASE n.nspname ~ '^pg_' OR n.nspname = 'information_schema'  WHEN true THEN CASE  WHEN n.nspname = 'pg_catalog' OR n.nspname = 'information_schema' THEN CASE c.relkind   WHEN 'r' THEN 'SYSTEM TABLE'   WHEN 'v' THEN 'SYSTEM VIEW'   ELSE NULL   END  ELSE NULL  END  WHEN false THEN CASE c.relkind  WHEN 'r' THEN 'TABLE'  WHEN 'p' THEN 'PARTITIONED TABLE'  ELSE NULL  END  ELSE NULL  END  AS TABLE_TYPE, d.description AS REMARKS,  '' as TYPE_CAT, '' as TYPE_SCHEM, '' as TYPE_NAME, '' AS SELF_REFERENCING_COL_NAME, '' AS REF_GENERATION  FROM pg_catalog.pg_namespace n, pg_catalog.pg_class c  LEFT JOIN pg_catalog.pg_description d ON (c.oid = d.objoid AND d.objsubid = 0  and d.classoid = 'pg_class'::regclass)  WHERE c.relnamespace = n.oid  AND c.relname LIKE 't' ORDER BY TABLE_TYPE,TABLE_SCHEM,TABLE_NAME
====
SELECT date_trunc('day', now()) - interval '1 day', to_char(now(), 'YYYY'), coalesce(a, 0)::numeric(10,2), substring(s FROM 1 FOR 3), extract(epoch FROM now()), trim(both ' ' from s) FROM t
====
SELECT a, rank() OVER w, count(*) FILTER (WHERE b > 0) OVER (PARTITION BY a ORDER BY b ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM t WINDOW w AS (ORDER BY a) GROUP BY GROUPING SETS ((a), ()), CUBE (a, b) ORDER BY (a) DESC
====
SELECT jsonb_build_object('a', 1) -> 'a', '{"a":1}'::jsonb ->> 'a', data #>> '{a,b}' FROM t
====
SELECT * FROM t TABLESAMPLE BERNOULLI (10) REPEATABLE (42)
====
SELECT a FROM t1 INNER JOIN (t2 JOIN t3 USING (id)) ON t1.id = t2.id
====
SELECT pg_sleep(0.1), currval('s')
====
SELECT 1 FOR READ ONLY
====
SELECT 'a;b' AS x; SELECT $t$;$t$; /* ; */ SELECT 3
====
SELECT 1;;;SELECT 2;
====
#! scs=off
SELECT 'a\'; DROP TABLE t; --'
====
SELECT 1 +++ 2
