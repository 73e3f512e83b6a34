-- A schema that exercises what a logical backup must carry exactly: quoted names, generated
-- columns, inheritance, partitions, unlogged tables, zero-column tables, every common type and
-- text full of the characters COPY escapes.
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app_owner') THEN CREATE ROLE app_owner NOLOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'Ai Reader') THEN CREATE ROLE "Ai Reader" NOLOGIN; END IF;
END $$;
CREATE SCHEMA "Sales Data";
CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);
CREATE TABLE "Sales Data"."Order Lines" (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  "We,ird""col" text,
  qty positive_int NOT NULL,
  price numeric(12,4),
  total numeric GENERATED ALWAYS AS (qty * price) STORED,
  ts timestamptz,
  d date,
  iv interval,
  f8 float8,
  f4 real,
  b bytea,
  arr int[],
  j jsonb,
  flag boolean,
  u uuid
);
INSERT INTO "Sales Data"."Order Lines" ("We,ird""col", qty, price, ts, d, iv, f8, f4, b, arr, j, flag, u)
SELECT CASE g % 7
         WHEN 0 THEN E'tab\there'
         WHEN 1 THEN E'new\nline'
         WHEN 2 THEN E'back\\slash'
         WHEN 3 THEN 'ünïcødé 日本 🎉'
         WHEN 4 THEN NULL
         WHEN 5 THEN E'\\.'
         ELSE 'plain ' || g END,
       1 + g % 9, (g * 1.2345)::numeric(12,4),
       timestamptz '2024-01-01 00:00:00+00' + g * interval '37 minutes',
       date '2020-02-29' + g, g * interval '1 hour 3 seconds',
       CASE g % 5 WHEN 0 THEN 'NaN'::float8 WHEN 1 THEN 'Infinity' WHEN 2 THEN 1e-300 ELSE g / 3.0 END,
       (g / 7.0)::real, decode(md5(g::text), 'hex'), ARRAY[g, g + 1, NULL], jsonb_build_object('g', g, 's', 'x"y'),
       g % 2 = 0, md5(g::text)::uuid
FROM generate_series(1, 3000) g;
CREATE INDEX order_lines_ts ON "Sales Data"."Order Lines" (ts);
ALTER TABLE "Sales Data"."Order Lines" OWNER TO app_owner;
GRANT SELECT ON "Sales Data"."Order Lines" TO "Ai Reader";

CREATE TABLE empty_table (x int);
CREATE TABLE no_columns ();
INSERT INTO no_columns DEFAULT VALUES;
INSERT INTO no_columns DEFAULT VALUES;
INSERT INTO no_columns DEFAULT VALUES;

CREATE TABLE measurements (id int, region text NOT NULL, v float8) PARTITION BY LIST (region);
CREATE TABLE measurements_eu PARTITION OF measurements FOR VALUES IN ('eu');
CREATE TABLE measurements_us PARTITION OF measurements FOR VALUES IN ('us');
INSERT INTO measurements SELECT g, CASE WHEN g % 3 = 0 THEN 'eu' ELSE 'us' END, g * 0.1 FROM generate_series(1, 2000) g;

CREATE UNLOGGED TABLE cache (k text PRIMARY KEY, v text);
INSERT INTO cache SELECT 'k' || g, repeat('v', g % 50) FROM generate_series(1, 500) g;

CREATE TABLE parent (id int, name text);
CREATE TABLE child (extra text) INHERITS (parent);
INSERT INTO parent SELECT g, 'p' || g FROM generate_series(1, 100) g;
INSERT INTO child SELECT g, 'c' || g, 'x' FROM generate_series(1, 40) g;

CREATE SEQUENCE invoice_numbers START 1000;
SELECT nextval('invoice_numbers') FROM generate_series(1, 5);
CREATE VIEW big_orders AS SELECT id, total FROM "Sales Data"."Order Lines" WHERE total > 100;
CREATE MATERIALIZED VIEW order_totals AS SELECT d, sum(total) AS total FROM "Sales Data"."Order Lines" GROUP BY d;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.name := upper(NEW.name); RETURN NEW; END $$;
CREATE TRIGGER parent_touch BEFORE INSERT ON parent FOR EACH ROW EXECUTE FUNCTION touch();
CREATE SCHEMA "odd.schema";
CREATE TABLE "odd.schema"."t.x" ("Mixed Case" text, "x,y" int);
INSERT INTO "odd.schema"."t.x" SELECT 'v' || g, g FROM generate_series(1, 25) g;
