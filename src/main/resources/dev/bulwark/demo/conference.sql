-- =============================================================================
-- Bulwark demo database: conference (the production database in the demo)
--
-- A small but realistic conference-registration system, modeled on the kind of
-- database an AI coding agent deleted in the SaaStr incident. Bulwark backs it
-- up, restores the backup into a sandbox and proves the restore is complete.
--
--   events          conferences (city, dates, capacity, jsonb metadata)
--   ticket_types    the tickets sold for each event (GA, VIP, STUDENT) and price
--   speakers        people who give talks (bios contain tricky text on purpose)
--   talks           the agenda: one speaker, one room, one time slot per talk
--   attendees       everyone who ever signed up (about 120k people)
--   registrations   an attendee holding a ticket for an event (about 130k rows)
--   check_ins       badge scans at the venue door for past events
--
-- Plus: an enum type, a generated column, a plpgsql trigger that maintains
-- updated_at, a plpgsql function that registers an attendee, two views and a
-- materialized view.
--
-- Requirements for this file: it runs against an EMPTY PostgreSQL 15 database
-- with UTF8 encoding (the data contains non-ASCII text), either with
-- psql -v ON_ERROR_STOP=1 -f or statement by statement over JDBC.
-- So there are no psql meta-commands, every statement ends with a semicolon at
-- the end of a line, function bodies use dollar quoting and comments contain no
-- semicolons or quote characters.
--
-- The data is deterministic: no random(), only arithmetic and md5() of the
-- series value. Timestamps are relative to now() and current_date so that the
-- data always looks fresh: created_at spans the last two years and the newest
-- rows are only seconds old. Ids come from identity/serial columns, so every
-- sequence is already consistent after the bulk load.
-- =============================================================================

SET client_encoding = 'UTF8';
SET client_min_messages = warning;

-- -----------------------------------------------------------------------------
-- Types
-- -----------------------------------------------------------------------------

-- Life cycle of a registration.
CREATE TYPE registration_status AS ENUM ('pending', 'confirmed', 'waitlisted', 'cancelled', 'refunded');

-- -----------------------------------------------------------------------------
-- Tables
-- -----------------------------------------------------------------------------

-- One row per conference. Dates are local to the venue timezone.
CREATE TABLE events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        text        NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9-]+$'),
    name        text        NOT NULL,
    city        text        NOT NULL,
    venue       text        NOT NULL,
    timezone    text        NOT NULL,
    starts_on   date        NOT NULL,
    ends_on     date        NOT NULL,
    capacity    integer     NOT NULL CHECK (capacity > 0),
    is_public   boolean     NOT NULL DEFAULT true,
    status      text        NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    description text,
    metadata    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT events_dates_ck CHECK (ends_on >= starts_on)
);

-- Ticket kinds per event. Uses a classic serial id (an owned sequence).
CREATE TABLE ticket_types (
    id         serial PRIMARY KEY,
    event_id   bigint        NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    code       text          NOT NULL CHECK (code IN ('GA', 'VIP', 'STUDENT')),
    name       text          NOT NULL,
    price      numeric(10,2) NOT NULL CHECK (price >= 0),
    currency   char(3)       NOT NULL DEFAULT 'USD',
    quantity   integer       NOT NULL CHECK (quantity > 0),
    on_sale    boolean       NOT NULL DEFAULT true,
    CONSTRAINT ticket_types_event_code_uq UNIQUE (event_id, code),
    -- target of the composite foreign key on registrations
    CONSTRAINT ticket_types_id_event_uq UNIQUE (id, event_id)
);

-- Speakers. bio and full_name hold tabs, newlines, backslashes, quotes and
-- non-ASCII text in a few rows so that a lossy backup is easy to detect.
CREATE TABLE speakers (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    full_name      text        NOT NULL,
    email          text        NOT NULL UNIQUE CHECK (email LIKE '%_@_%'),
    company        text,
    twitter_handle text,
    bio            text        NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now()
);

-- The agenda. A room can host only one talk at a time.
CREATE TABLE talks (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id         bigint      NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    speaker_id       bigint      NOT NULL REFERENCES speakers (id),
    title            text        NOT NULL,
    abstract         text        NOT NULL,
    track            text        NOT NULL,
    level            text        NOT NULL CHECK (level IN ('intro', 'intermediate', 'advanced')),
    room             text        NOT NULL,
    starts_at        timestamptz NOT NULL,
    duration_minutes integer     NOT NULL CHECK (duration_minutes BETWEEN 5 AND 240),
    is_keynote       boolean     NOT NULL DEFAULT false,
    CONSTRAINT talks_room_slot_uq UNIQUE (event_id, room, starts_at)
);

-- Everyone who ever created an account. company and dietary_notes are often NULL.
CREATE TABLE attendees (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email            text        NOT NULL UNIQUE CHECK (email LIKE '%_@_%'),
    first_name       text        NOT NULL,
    last_name        text        NOT NULL,
    company          text,
    job_title        text,
    country          char(2)     NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    marketing_opt_in boolean     NOT NULL DEFAULT false,
    dietary_notes    text,
    profile          jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- An attendee holding tickets for an event. At most one registration per
-- attendee and event. total_amount is a generated column.
CREATE TABLE registrations (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id       bigint              NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    attendee_id    bigint              NOT NULL REFERENCES attendees (id) ON DELETE CASCADE,
    ticket_type_id integer             NOT NULL,
    status         registration_status NOT NULL DEFAULT 'pending',
    quantity       integer             NOT NULL DEFAULT 1 CHECK (quantity BETWEEN 1 AND 10),
    unit_price     numeric(10,2)       NOT NULL CHECK (unit_price >= 0),
    discount_pct   numeric(5,2)        NOT NULL DEFAULT 0 CHECK (discount_pct BETWEEN 0 AND 100),
    total_amount   numeric(12,2)       GENERATED ALWAYS AS (round(unit_price * quantity * (100 - discount_pct) / 100, 2)) STORED,
    promo_code     text,
    notes          text,
    attribution    jsonb,
    created_at     timestamptz         NOT NULL DEFAULT now(),
    updated_at     timestamptz         NOT NULL DEFAULT now(),
    CONSTRAINT registrations_event_attendee_uq UNIQUE (event_id, attendee_id),
    -- the ticket must belong to the same event
    CONSTRAINT registrations_ticket_fk FOREIGN KEY (ticket_type_id, event_id) REFERENCES ticket_types (id, event_id)
);

-- Badge scans at the door. At most one check-in per registration.
CREATE TABLE check_ins (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    registration_id bigint      NOT NULL UNIQUE REFERENCES registrations (id) ON DELETE CASCADE,
    checked_in_at   timestamptz NOT NULL,
    gate            text        NOT NULL,
    badge_printed   boolean     NOT NULL DEFAULT true
);

COMMENT ON TABLE events IS 'Conferences. One row per event, dates local to the venue timezone.';
COMMENT ON TABLE ticket_types IS 'Ticket kinds and prices per event.';
COMMENT ON TABLE speakers IS 'Speakers. Some bios contain tabs, newlines, backslashes and non-ASCII text on purpose.';
COMMENT ON TABLE talks IS 'The agenda: one speaker, one room, one time slot per talk.';
COMMENT ON TABLE attendees IS 'Everyone who ever signed up.';
COMMENT ON TABLE registrations IS 'An attendee holding tickets for an event.';
COMMENT ON TABLE check_ins IS 'Badge scans at the venue door.';
COMMENT ON COLUMN registrations.total_amount IS 'Generated: unit_price * quantity minus discount_pct percent.';

-- -----------------------------------------------------------------------------
-- Functions and triggers
-- -----------------------------------------------------------------------------

-- Trigger function: keep updated_at current on every UPDATE.
CREATE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TRIGGER events_set_updated_at BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER attendees_set_updated_at BEFORE UPDATE ON attendees FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER registrations_set_updated_at BEFORE UPDATE ON registrations FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Register an attendee for an event, enforcing capacity and promo codes.
-- Returns the new registration id.
CREATE FUNCTION register_attendee(p_event_id bigint, p_attendee_id bigint, p_ticket_code text DEFAULT 'GA', p_promo_code text DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_capacity integer;
    v_taken    bigint;
    v_ticket   ticket_types%ROWTYPE;
    v_discount numeric(5,2);
    v_id       bigint;
BEGIN
    SELECT capacity INTO v_capacity
      FROM events
     WHERE id = p_event_id AND status = 'scheduled'
       FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'event % does not exist or is not open for registration', p_event_id;
    END IF;

    SELECT * INTO v_ticket
      FROM ticket_types
     WHERE event_id = p_event_id AND code = upper(p_ticket_code) AND on_sale;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'ticket type % is not on sale for event %', p_ticket_code, p_event_id;
    END IF;

    SELECT count(*) INTO v_taken
      FROM registrations
     WHERE event_id = p_event_id AND status IN ('pending', 'confirmed');
    IF v_taken >= v_capacity THEN
        RAISE EXCEPTION 'event % is sold out (capacity %)', p_event_id, v_capacity;
    END IF;

    v_discount := CASE upper(coalesce(p_promo_code, ''))
                      WHEN 'EARLYBIRD' THEN 20
                      WHEN 'TEAM10' THEN 10
                      WHEN 'SPEAKERFRIEND' THEN 50
                      ELSE 0
                  END;

    INSERT INTO registrations (event_id, attendee_id, ticket_type_id, status, unit_price, discount_pct, promo_code)
    VALUES (p_event_id, p_attendee_id, v_ticket.id, 'pending', v_ticket.price, v_discount, upper(p_promo_code))
    RETURNING id INTO v_id;

    RETURN v_id;
END;
$$;

-- Revenue of one event from confirmed registrations.
CREATE FUNCTION event_revenue(p_event_id bigint) RETURNS numeric
LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(total_amount), 0)
      FROM registrations
     WHERE event_id = p_event_id AND status = 'confirmed'
$$;

-- -----------------------------------------------------------------------------
-- Data: events (40), spread from about two years ago to three months ahead
-- -----------------------------------------------------------------------------

INSERT INTO events (slug, name, city, venue, timezone, starts_on, ends_on, capacity, is_public, status, description, metadata, created_at, updated_at)
SELECT
    'evt-' || lpad(g.n::text, 3, '0') || '-' || c.slug,
    (ARRAY['Scale Summit', 'Founders Forum', 'Revenue Ops Live', 'DataPlane Conf'])[1 + g.n % 4] || ' ' || c.city || ' ' || extract(year FROM current_date - 720 + 21 * (g.n - 1))::int,
    c.city,
    c.venue,
    c.tz,
    current_date - 720 + 21 * (g.n - 1),
    current_date - 720 + 21 * (g.n - 1) + (g.n % 3),
    5000 + (g.n % 4) * 2500,
    g.n % 10 <> 0,
    CASE WHEN g.n = 23 THEN 'cancelled' ELSE 'scheduled' END,
    'Two tracks of talks for operators and founders in ' || c.city || E'.\nDoors open 08:00 local time.\nVenue: ' || c.venue || '.',
    jsonb_build_object(
        'hybrid', g.n % 3 = 0,
        'sponsors', jsonb_build_array('Acme Cloud', 'Northwind', (ARRAY['Globex', 'Initech', 'Umbrella Data', 'Hooli'])[1 + g.n % 4]),
        'wifi', jsonb_build_object('ssid', 'conf-' || g.n, 'password', substr(md5('wifi' || g.n), 1, 10)),
        'livestream', CASE WHEN g.n % 2 = 0 THEN 'https://stream.example.com/' || g.n ELSE NULL END),
    (current_date - 720 + 21 * (g.n - 1) - 180)::timestamptz,
    (current_date - 720 + 21 * (g.n - 1) - 180)::timestamptz + (g.n % 7) * interval '1 day'
FROM generate_series(1, 40) AS g(n)
JOIN (VALUES
    (0,  'San Francisco', 'san-francisco', 'Moscone West',          'America/Los_Angeles'),
    (1,  'New York',      'new-york',      'Javits Center',         'America/New_York'),
    (2,  'London',        'london',        'ExCeL London',          'Europe/London'),
    (3,  'Berlin',        'berlin',        'Station Berlin',        'Europe/Berlin'),
    (4,  'São Paulo',     'sao-paulo',     'Expo Center Norte',     'America/Sao_Paulo'),
    (5,  'Zürich',        'zurich',        'Kongresshaus Zürich',   'Europe/Zurich'),
    (6,  'Tokyo',         'tokyo',         '東京国際フォーラム',    'Asia/Tokyo'),
    (7,  'Bengaluru',     'bengaluru',     'BIEC',                  'Asia/Kolkata'),
    (8,  'Sydney',        'sydney',        'ICC Sydney',            'Australia/Sydney'),
    (9,  'Toronto',       'toronto',       'Enercare Centre',       'America/Toronto'),
    (10, 'Paris',         'paris',         'Palais des Congrès',    'Europe/Paris'),
    (11, 'Singapore',     'singapore',     'Marina Bay Sands Expo', 'Asia/Singapore')
) AS c(k, city, slug, venue, tz) ON c.k = g.n % 12
ORDER BY g.n;

-- -----------------------------------------------------------------------------
-- Data: ticket types (3 per event = 120)
-- -----------------------------------------------------------------------------

INSERT INTO ticket_types (event_id, code, name, price, currency, quantity, on_sale)
SELECT e.id, t.code, t.name,
       round(t.base + (e.id % 5) * t.step, 2),
       CASE WHEN e.timezone LIKE 'Europe/%' THEN 'EUR' ELSE 'USD' END,
       round(e.capacity * t.share)::int,
       NOT (t.code = 'STUDENT' AND e.id % 6 = 0)
FROM events e
CROSS JOIN (VALUES
    (1, 'GA',      'General Admission', 299.00, 50.00, 0.80),
    (2, 'VIP',     'VIP All Access',    999.00, 100.00, 0.10),
    (3, 'STUDENT', 'Student',           49.99,  5.00, 0.10)
) AS t(k, code, name, base, step, share)
ORDER BY e.id, t.k;

-- -----------------------------------------------------------------------------
-- Data: speakers (400), a handful with deliberately awkward text
-- -----------------------------------------------------------------------------

INSERT INTO speakers (full_name, email, company, twitter_handle, bio, created_at)
SELECT
    coalesce(s.full_name, (ARRAY['Ada', 'Grace', 'Linus', 'Barbara', 'Ken', 'Margaret', 'Dennis', 'Radia', 'Edsger', 'Frances',
                                 'Tim', 'Shafi', 'Leslie', 'Jeannette', 'Bjarne', 'Anita', 'Guido', 'Sophie', 'Werner', 'Hedy'])[1 + g.n % 20]
                          || ' ' ||
                          (ARRAY['Lovelace', 'Hopper', 'Torvalds', 'Liskov', 'Thompson', 'Hamilton', 'Ritchie', 'Perlman', 'Dijkstra', 'Allen',
                                 'Berners-Lee', 'Goldwasser', 'Lamport', 'Wing', 'Stroustrup', 'Borg', 'van Rossum', 'Wilson', 'Vogels', 'Lamarr'])[1 + (g.n / 20) % 20]),
    'speaker' || g.n || '.' || substr(md5('speaker' || g.n), 1, 6) || '@speakers.example.com',
    CASE WHEN g.n % 5 = 0 THEN NULL
         ELSE (ARRAY['Acme Cloud', 'Northwind', 'Globex', 'Initech', 'Umbrella Data', 'Hooli', 'Pied Piper', 'Stark Analytics'])[1 + g.n % 8] END,
    CASE WHEN g.n % 3 = 0 THEN NULL ELSE '@dev' || substr(md5('tw' || g.n), 1, 8) END,
    coalesce(s.bio, 'Speaker #' || g.n || ' works on ' ||
                    (ARRAY['databases', 'observability', 'pricing', 'growth', 'security', 'platform engineering', 'AI agents', 'customer success'])[1 + g.n % 8] ||
                    ' and has spoken at ' || (g.n % 17) || ' conferences.'),
    now() - interval '800 days' + g.n * interval '1 day'
FROM generate_series(1, 400) AS g(n)
LEFT JOIN (VALUES
    (7,   'Zoë Ångström-Łukasiewicz',
          E'Principal engineer at Fjord Data.\nTalks about WAL archiving, replication lag\tand why a backup is not a restore.\n\t-- Zoë'),
    (42,  'José Müller',
          E'Windows path: C:\\Users\\jose\\talks\\backup_verify.ps1\nFavourite regex: ^\\d{3}-\\w+$ and a trailing backslash \\'),
    (77,  'Siobhán O''Brien',
          E'Quotes test: "double" and ''single'' and `back` ticks.\r\nWindows line ending above, form feed here:\f end.'),
    (123, '田中 太郎',
          E'東京を拠点とするデータベースエンジニア。\nPostgreSQL のリカバリーが専門です。🐘'),
    (256, 'Ørjan Søreide',
          E'Column\tseparated\tbio\twith\ttabs\n\nTwo blank lines above. Emoji: 🚀🔥✅ RTL: مرحبا بالعالم'),
    (333, 'Nguyễn Thị Minh Khai',
          E'Backslash-n that is NOT a newline: \\n and \\t and \\\\ literally.\nCOPY escapes: \\. on its own line follows\n\\.\nstill here.'),
    (399, 'Ivan Petrov-Vodkin',
          E'Работает над резервным копированием.\tΕλληνικά επίσης.\n   leading and trailing spaces   ')
) AS s(n, full_name, bio) ON s.n = g.n
ORDER BY g.n;

-- -----------------------------------------------------------------------------
-- Data: talks (20 per event = 800), 4 rooms x 5 slots of 90 minutes
-- -----------------------------------------------------------------------------

INSERT INTO talks (event_id, speaker_id, title, abstract, track, level, room, starts_at, duration_minutes, is_keynote)
SELECT
    e.id,
    1 + ((e.id * 20 + i.i) * 37) % 400,
    CASE WHEN i.i = 0 THEN 'Keynote: ' ELSE '' END ||
    (ARRAY['Backups you never restored', 'Scaling to the first 1,000 customers', 'Pricing pages that convert', 'Postgres at 10 TB',
           'On-call without burnout', 'AI agents in production', 'Zero-downtime migrations', 'The board deck', 'Churn is a lagging indicator',
           'Point-in-time recovery explained', 'Multi-tenant schemas', 'Security reviews for startups', 'Hiring your first SRE',
           'Event sourcing in practice', 'Usage-based billing', 'Disaster recovery drills'])[1 + (e.id * 7 + i.i) % 16],
    'Session ' || i.i || ' of ' || e.name || '. ' || md5(e.id || ':' || i.i) || E'\nSlides will be shared after the talk.',
    (ARRAY['Engineering', 'Go-to-market', 'Leadership', 'Data'])[1 + i.i % 4],
    (ARRAY['intro', 'intermediate', 'advanced'])[1 + (e.id + i.i) % 3],
    'Hall ' || chr(65 + i.i % 4),
    ((e.starts_on + time '09:00') + (i.i / 4) * interval '90 minutes') AT TIME ZONE e.timezone,
    CASE WHEN i.i = 0 THEN 60 ELSE (ARRAY[30, 45, 60])[1 + i.i % 3] END,
    i.i = 0
FROM events e
CROSS JOIN generate_series(0, 19) AS i(i)
ORDER BY e.id, i.i;

-- -----------------------------------------------------------------------------
-- Data: attendees (120,000). created_at runs from 730 days ago to 30 seconds
-- ago in id order, one sign-up about every 9 minutes.
-- -----------------------------------------------------------------------------

INSERT INTO attendees (email, first_name, last_name, company, job_title, country, marketing_opt_in, dietary_notes, profile, created_at, updated_at)
SELECT
    f.slug || '.' || l.slug || '.' || g.n || '@' || (ARRAY['example.com', 'example.org', 'mail.example.net', 'corp.example.io'])[1 + g.n % 4],
    f.name,
    l.name,
    CASE WHEN g.n % 7 = 0 THEN NULL
         ELSE (ARRAY['Acme Cloud', 'Northwind', 'Globex', 'Initech', 'Umbrella Data', 'Hooli', 'Pied Piper', 'Stark Analytics',
                     'Wayne Logistics', 'Tyrell Systems', 'Soylent Foods', 'Cyberdyne', 'Müller & Söhne GmbH', 'Société Générale de Démo'])[1 + get_byte(decode(md5(g.n::text), 'hex'), 0) % 14] END,
    CASE WHEN g.n % 11 = 0 THEN NULL
         ELSE (ARRAY['Founder', 'CEO', 'CTO', 'VP Sales', 'Account Executive', 'Software Engineer', 'SRE', 'Data Engineer',
                     'Product Manager', 'Customer Success Manager', 'Head of Growth', 'DBA'])[1 + get_byte(decode(md5(g.n::text), 'hex'), 1) % 12] END,
    (ARRAY['US', 'US', 'US', 'GB', 'DE', 'FR', 'BR', 'CH', 'JP', 'IN', 'AU', 'CA', 'SG', 'NL', 'SE', 'PL', 'VN', 'ES'])[1 + get_byte(decode(md5(g.n::text), 'hex'), 2) % 18],
    g.n % 3 <> 0,
    CASE WHEN g.n % 997 = 0 THEN E'Severe nut allergy.\nCarries an EpiPen\t(please inform catering).'
         WHEN g.n % 389 = 0 THEN E'Halal \\ kosher both fine — 「ありがとう」'
         WHEN g.n % 41 = 0 THEN 'Vegan'
         WHEN g.n % 17 = 0 THEN 'Vegetarian'
         ELSE NULL END,
    jsonb_build_object(
        'source', (ARRAY['organic', 'newsletter', 'linkedin', 'partner', 'podcast', 'referral'])[1 + g.n % 6],
        'tshirt', (ARRAY['S', 'M', 'L', 'XL', 'XXL'])[1 + g.n % 5],
        'interests', jsonb_build_array((ARRAY['databases', 'growth', 'pricing', 'ai', 'security'])[1 + g.n % 5],
                                       (ARRAY['hiring', 'fundraising', 'sre', 'analytics'])[1 + g.n % 4]),
        'referrer', CASE WHEN g.n % 13 = 0 THEN g.n - 1 ELSE NULL END)
    || CASE WHEN g.n % 5000 = 0 THEN jsonb_build_object('note', E'multi\nline\tnote with \\ and "quotes" ✓') ELSE '{}'::jsonb END,
    now() - (120000 - g.n) * interval '525.6 seconds' - interval '30 seconds',
    now() - (120000 - g.n) * interval '525.6 seconds' - interval '30 seconds'
FROM generate_series(1, 120000) AS g(n)
JOIN (SELECT k - 1 AS k, name, slug
        FROM unnest(ARRAY['Alice', 'Bob', 'Carmen', 'Dmitri', 'Emeka', 'Fatima', 'Giulia', 'Hiroshi', 'Ingrid', 'Jamal',
                          'Katarzyna', 'Liam', 'Mei', 'Nikolai', 'Olivia', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tomás',
                          'Uma', 'Viktor', 'Wen', 'Ximena', 'Yusuf', 'Zoë', 'Amélie', 'Björn', 'Chloé', 'Diego',
                          'Élodie', 'François', 'Gökhan', 'Håkon', 'Iñaki', 'Jürgen', 'Kenji', 'Łucja', 'Noé', 'Søren'],
                    ARRAY['alice', 'bob', 'carmen', 'dmitri', 'emeka', 'fatima', 'giulia', 'hiroshi', 'ingrid', 'jamal',
                          'katarzyna', 'liam', 'mei', 'nikolai', 'olivia', 'priya', 'quentin', 'rosa', 'sven', 'tomas',
                          'uma', 'viktor', 'wen', 'ximena', 'yusuf', 'zoe', 'amelie', 'bjorn', 'chloe', 'diego',
                          'elodie', 'francois', 'gokhan', 'hakon', 'inaki', 'jurgen', 'kenji', 'lucja', 'noe', 'soren'])
             WITH ORDINALITY AS x(name, slug, k)) AS f ON f.k = g.n % 40
JOIN (SELECT k - 1 AS k, name, slug
        FROM unnest(ARRAY['Smith', 'Johnson', 'García', 'Müller', 'Nguyễn', 'Kowalski', 'Rossi', 'Tanaka', 'Okafor', 'Singh',
                          'O''Connor', 'Dubois', 'Andersson', 'Petrov', 'Silva', 'Kim', 'Cohen', 'Haddad', 'Novák', 'Fernández',
                          'Schröder', 'Ødegaard', 'Yılmaz', 'Papadopoulos', 'Mensah', 'Chen', 'Wang', 'Brown', 'Taylor', 'Wilson',
                          'Martin', 'Lefèvre', 'Costa', 'Jansen', 'Horváth', 'Ivanova', 'Park', 'Khan', 'López', 'Walker'],
                    ARRAY['smith', 'johnson', 'garcia', 'muller', 'nguyen', 'kowalski', 'rossi', 'tanaka', 'okafor', 'singh',
                          'oconnor', 'dubois', 'andersson', 'petrov', 'silva', 'kim', 'cohen', 'haddad', 'novak', 'fernandez',
                          'schroder', 'odegaard', 'yilmaz', 'papadopoulos', 'mensah', 'chen', 'wang', 'brown', 'taylor', 'wilson',
                          'martin', 'lefevre', 'costa', 'jansen', 'horvath', 'ivanova', 'park', 'khan', 'lopez', 'walker'])
             WITH ORDINALITY AS x(name, slug, k)) AS l ON l.k = (g.n / 40) % 40
ORDER BY g.n;

-- -----------------------------------------------------------------------------
-- Data: registrations (130,000). Every attendee registers for an event that
-- starts after they signed up, and every 12th attendee registers for a second
-- one. Ids ascend with created_at, the newest rows are seconds old.
-- -----------------------------------------------------------------------------

INSERT INTO registrations (event_id, attendee_id, ticket_type_id, status, quantity, unit_price, discount_pct, promo_code, notes, attribution, created_at, updated_at)
SELECT
    r.event_id,
    r.attendee_id,
    tt.id,
    r.status,
    r.quantity,
    tt.price,
    r.discount_pct,
    r.promo_code,
    r.notes,
    r.attribution,
    r.created_at,
    CASE WHEN r.status IN ('cancelled', 'refunded') THEN least(r.created_at + interval '3 days', now()) ELSE r.created_at END
FROM (
    SELECT
        b.event_id,
        b.attendee_id,
        b.created_at,
        CASE WHEN b.event_id = 23 THEN 'refunded'
             WHEN b.p < 84 THEN 'confirmed'
             WHEN b.p < 89 THEN 'pending'
             WHEN b.p < 95 THEN 'cancelled'
             WHEN b.p < 97 THEN 'refunded'
             ELSE 'waitlisted' END::registration_status AS status,
        CASE WHEN b.n % 20 < 14 THEN 'GA' WHEN b.n % 20 < 17 THEN 'VIP' ELSE 'STUDENT' END AS ticket_code,
        CASE WHEN b.n % 53 = 0 THEN 2 + b.n % 3 ELSE 1 END AS quantity,
        CASE WHEN b.n % 23 = 0 THEN 50 WHEN b.n % 9 = 0 THEN 20 WHEN b.n % 31 = 0 THEN 10 ELSE 0 END AS discount_pct,
        CASE WHEN b.n % 23 = 0 THEN 'SPEAKERFRIEND' WHEN b.n % 9 = 0 THEN 'EARLYBIRD' WHEN b.n % 31 = 0 THEN 'TEAM10' ELSE NULL END AS promo_code,
        CASE WHEN b.n % 1999 = 0 THEN E'Needs wheelchair access.\nArrives late\t(flight LH 454).'
             WHEN b.n % 2999 = 0 THEN E'Invoice to: Müller & Söhne GmbH\\Finance\nVAT: DE123456789'
             WHEN b.n % 101 = 0 THEN 'Invoice required'
             ELSE NULL END AS notes,
        CASE WHEN b.n % 4 = 0 THEN NULL
             ELSE jsonb_build_object('utm_source', (ARRAY['google', 'linkedin', 'newsletter', 'partner', 'twitter'])[1 + b.n % 5],
                                     'utm_campaign', 'cmp-' || substr(md5('cmp' || (b.n % 97)), 1, 8),
                                     'landing_page', '/events/' || b.event_id) END AS attribution
    FROM (
        -- first registration of every attendee, for one of the first events
        -- that start at least three days after the sign-up (event n starts
        -- 720 - 21 * (n - 1) days ago, attendee n signed up
        -- 730 * (120000 - n) / 120000 days ago). Event 23 was cancelled, so
        -- its registrations are refunded.
        SELECT a.id AS attendee_id,
               a.id AS n,
               least(40, 1 + (a.id * 730 + 14 * 120000) / (21 * 120000) + a.id % 5) AS event_id,
               a.created_at + (a.id % 25) * interval '1 second' AS created_at,
               (a.id * 37) % 100 AS p
          FROM attendees a
        UNION ALL
        -- a second registration for every 12th attendee, for a different
        -- event that also starts after the sign-up
        SELECT a.id,
               a.id + 7,
               x.emin + (x.e1 - x.emin + 1 + (a.id / 12) % (40 - x.emin)) % (41 - x.emin),
               greatest(a.created_at, least(a.created_at + (1 + (a.id / 12) % 48) * interval '1 hour', now() - interval '10 minutes' - ((a.id / 12) % 50) * interval '1 second')),
               (a.id * 53) % 100
          FROM attendees a
          CROSS JOIN LATERAL (SELECT 1 + (a.id * 730 + 14 * 120000) / (21 * 120000) AS emin,
                                     least(40, 1 + (a.id * 730 + 14 * 120000) / (21 * 120000) + a.id % 5) AS e1) AS x
         WHERE a.id % 12 = 0
    ) AS b
) AS r
JOIN ticket_types tt ON tt.event_id = r.event_id AND tt.code = r.ticket_code
ORDER BY r.created_at, r.attendee_id, r.event_id;

-- -----------------------------------------------------------------------------
-- Data: check-ins for most confirmed registrations of events already held
-- -----------------------------------------------------------------------------

INSERT INTO check_ins (registration_id, checked_in_at, gate, badge_printed)
SELECT r.id,
       ((e.starts_on + time '08:00') + (r.id % 240) * interval '1 minute') AT TIME ZONE e.timezone,
       'Gate ' || chr(65 + (r.id % 4)::int),
       r.id % 17 <> 0
FROM registrations r
JOIN events e ON e.id = r.event_id
WHERE r.status = 'confirmed'
  AND e.status = 'scheduled'
  AND e.ends_on < current_date
  AND r.id % 10 < 7
ORDER BY r.id;

-- -----------------------------------------------------------------------------
-- Secondary indexes (built after the bulk load, which is faster)
-- -----------------------------------------------------------------------------

CREATE INDEX events_starts_on_idx ON events (starts_on);

CREATE INDEX events_metadata_gin_idx ON events USING gin (metadata);

CREATE INDEX talks_speaker_id_idx ON talks (speaker_id);

CREATE INDEX attendees_created_at_idx ON attendees (created_at);

CREATE INDEX attendees_last_name_lower_idx ON attendees (lower(last_name));

CREATE INDEX registrations_attendee_id_idx ON registrations (attendee_id);

CREATE INDEX registrations_event_status_idx ON registrations (event_id, status);

CREATE INDEX registrations_created_at_idx ON registrations (created_at);

CREATE INDEX registrations_promo_code_idx ON registrations (promo_code) WHERE promo_code IS NOT NULL;

-- -----------------------------------------------------------------------------
-- Views
-- -----------------------------------------------------------------------------

-- Per-event attendance and revenue summary, the first thing the ops team looks at.
CREATE VIEW event_attendance AS
SELECT e.id AS event_id,
       e.slug,
       e.name,
       e.starts_on,
       e.capacity,
       count(r.id) AS registrations,
       count(r.id) FILTER (WHERE r.status = 'confirmed') AS confirmed,
       count(c.id) AS checked_in,
       round(100.0 * count(r.id) FILTER (WHERE r.status IN ('confirmed', 'pending')) / e.capacity, 1) AS fill_pct,
       coalesce(sum(r.total_amount) FILTER (WHERE r.status = 'confirmed'), 0) AS revenue
  FROM events e
  LEFT JOIN registrations r ON r.event_id = e.id
  LEFT JOIN check_ins c ON c.registration_id = r.id
 GROUP BY e.id;

-- The public agenda with speaker names.
CREATE VIEW talk_schedule AS
SELECT t.id AS talk_id,
       e.slug AS event_slug,
       t.starts_at,
       t.starts_at + t.duration_minutes * interval '1 minute' AS ends_at,
       t.room,
       t.track,
       t.title,
       s.full_name AS speaker,
       t.is_keynote
  FROM talks t
  JOIN events e ON e.id = t.event_id
  JOIN speakers s ON s.id = t.speaker_id;

-- Daily sign-up counts for the growth dashboard (UTC days).
CREATE MATERIALIZED VIEW daily_registrations AS
SELECT (created_at AT TIME ZONE 'UTC')::date AS day,
       count(*) AS registrations,
       sum(total_amount) AS gross_amount
  FROM registrations
 GROUP BY 1;

CREATE UNIQUE INDEX daily_registrations_day_idx ON daily_registrations (day);

-- -----------------------------------------------------------------------------
-- Planner statistics
-- -----------------------------------------------------------------------------

-- Sponsors and their packages: the table the demo's agent tries to drop.
CREATE TABLE sponsors (
    id          integer     GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    company     text        NOT NULL UNIQUE,
    tier        text        NOT NULL CHECK (tier IN ('gold', 'silver', 'bronze')),
    amount      numeric(10,2) NOT NULL,
    signed_at   timestamptz NOT NULL
);
INSERT INTO sponsors (company, tier, amount, signed_at)
SELECT 'Sponsor ' || g, (ARRAY['gold', 'silver', 'bronze'])[1 + g % 3], 5000 + (g % 7) * 2500,
       now() - (g || ' days')::interval
FROM generate_series(1, 240) AS g;

ANALYZE;
