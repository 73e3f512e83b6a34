package dev.bulwark.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.bulwark.gate.approval.ScramVerifier;
import dev.bulwark.gate.audit.AuditDecision;
import dev.bulwark.gate.upstream.Upstream;
import dev.bulwark.postgres.PgUrl;
import dev.bulwark.testing.Production;

/**
 * A bounded protocol fuzz of the gate (fixed seed): random bytes, mutated startup packets,
 * mutated SASL exchanges, and after a real SCRAM login random and mutated frames. The gate runs
 * in-process with the real classifier, and its upstream URL is the sandbox superuser, so only
 * the gate stands between the fuzzer and the data. The gate must never crash, never let a write
 * through, answer garbage only with an ErrorResponse or a close, and leave no session behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GateFuzzIT {
    static final long SEED = 0xB01_3A2C_F022L;
    static final int ITERATIONS = Integer.getInteger("bulwark.fuzz.iterations", 5_000);
    static final String AGENT = "fuzzer";
    static final String PASSWORD = "fuzz-pw";

    static Production production;
    static GateServer gate;
    static final List<String> held = new CopyOnWriteArrayList<>();
    static final List<String> allowed = new CopyOnWriteArrayList<>();
    static final AtomicInteger refused = new AtomicInteger();

    /** Opened before anything else, never written to or only half through login; see the last test. */
    /** Shorter than the gate's default (60 s, as authentication_timeout) so the test stays quick. */
    static final int LOGIN_TIMEOUT_MS = 3_000;
    static Socket silentClient;
    static Socket stalledInLogin;
    static long stalledSince;

    @BeforeAll
    static void start() throws Exception {
        production = Production.start("app",
                "CREATE TABLE t (a int PRIMARY KEY, b text); INSERT INTO t SELECT g, 'row ' || g FROM generate_series(1, 50) g",
                "CREATE TABLE s (a int); INSERT INTO s VALUES (1), (2)",
                "CREATE SEQUENCE seq",
                "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'");
        PgUrl superuser = production.sandbox().url("app");
        ScramVerifier verifier = ScramVerifier.create(PASSWORD);
        AgentAuthenticator auth = (agent, db) -> agent.equals(AGENT) && db.equals("app") ? Optional.of(verifier) : Optional.empty();
        HoldDesk desk = new HoldDesk() {
            @Override
            public String hold(SessionInfo session, String sql, String reason) {
                held.add(sql);
                return "cr-fuzz" + held.size();
            }

            @Override
            public void audit(SessionInfo session, String sql, AuditDecision decision, String requestId) {
                if (decision == AuditDecision.ALLOWED) allowed.add(sql);
                if (decision == AuditDecision.REFUSED) refused.incrementAndGet();
            }
        };
        // Short server-side timeouts bound whatever a mutated read might ask the server to do.
        gate = GateServer.start(new InetSocketAddress("127.0.0.1", 0), new GateServer.Settings(Map.of("app", superuser), auth,
                ClassifierPolicy::new, desk, new Upstream.Limits("5s", "10s", "1s"), new byte[16]).withLoginTimeout(LOGIN_TIMEOUT_MS));
        silentClient = new Socket("127.0.0.1", gate.port());
        stalledInLogin = new Socket("127.0.0.1", gate.port());
        stalledInLogin.getOutputStream().write(startup(Map.of("user", AGENT, "database", "app"), 196608));
        stalledSince = System.nanoTime();
    }

    @AfterAll
    static void stop() throws Exception {
        for (Socket s : new Socket[] {silentClient, stalledInLogin}) {
            if (s != null) s.close();
        }
        if (gate != null) gate.close();
        if (production != null) production.close();
    }

    // ---------------------------------------------------------------------------------------------
    // the fuzz loop

    @Test
    @Order(1)
    void randomAndMutatedTrafficNeverCrashesTheGateNorWritesUpstream() throws Exception {
        String before = fingerprint();
        Random r = new Random(SEED);
        Map<String, Integer> kinds = new LinkedHashMap<>();
        Map<String, Integer> endings = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < ITERATIONS && problems.size() < 20; i++) {
            int pick = r.nextInt(100);
            String kind = pick < 12 ? "random-bytes" : pick < 35 ? "startup" : pick < 40 ? "ssl+startup" : pick < 44 ? "cancel"
                    : pick < 58 ? "sasl" : "session";
            kinds.merge(kind, 1, Integer::sum);
            try {
                Exchange x = switch (kind) {
                    case "random-bytes" -> preLogin(randomBytes(r, r.nextInt(400)), 0);
                    case "startup" -> preLogin(mutatedStartup(r), 0);
                    case "ssl+startup" -> preLogin(concat(sslRequest(r.nextBoolean()), mutatedStartup(r)), 1);
                    case "cancel" -> preLogin(cancelRequest(r), 0);
                    case "sasl" -> mutatedSasl(r);
                    default -> session(r);
                };
                endings.merge(kind + " -> " + x.ending, 1, Integer::sum);
                if (x.problem != null) problems.add("iteration " + i + " (" + kind + "): " + x.problem);
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                problems.add("iteration " + i + " (" + kind + "): " + e);
            }
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        System.out.printf("gate fuzz: %d iterations in %d s (seed %x); kinds %s; endings %s; held %d, allowed %d, refused %d%n",
                ITERATIONS, seconds, SEED, kinds, endings, held.size(), allowed.size(), refused.get());

        assertThat(problems).as("responses that were neither an ErrorResponse nor a close, hangs, broken logins").isEmpty();
        assertThat(held).as("the fuzzer's writes were held").isNotEmpty();
        // Still serving: a normal client logs in and reads.
        try (Connection c = agent(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        awaitNoGateSessions(20_000);
        assertThat(fingerprint()).as("production after the fuzz").isEqualTo(before);
    }

    // ---------------------------------------------------------------------------------------------
    // targeted cases the fuzz found or that need a precise sequence

    /**
     * A client that completes SCRAM and resets the connection at once (SO_LINGER 0) while the
     * gate is logging in upstream: the gate's write of AuthenticationOk fails, and the upstream
     * session it had just opened must still be closed.
     */
    @Test
    @Order(2)
    void aClientThatResetsRightAfterLoginLeavesNoUpstreamSession() throws Exception {
        awaitNoGateSessions(20_000);
        for (int i = 0; i < 10; i++) {
            try (Socket s = new Socket("127.0.0.1", gate.port())) {
                s.setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                out.write(startup(Map.of("user", AGENT, "database", "app"), 196608));
                scramUpToFinal(in, out, PASSWORD);
                s.setSoLinger(true, 0); // close sends RST: the gate's next write fails
            }
        }
        awaitNoGateSessions(15_000);
    }

    /**
     * Extended protocol: an error in an unsynced part of a pipeline makes the server discard
     * everything up to the next Sync. If the gate then holds the rest of the pipeline it must
     * still give the client its ReadyForQuery (the Sync the client sent), not leave it hanging.
     */
    @Test
    @Order(3)
    void aHeldPipelineAfterAnUnsyncedErrorStillAnswersTheClientsSync() throws Exception {
        try (Socket s = loggedIn()) {
            s.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            // 1/0 fails at Execute; Flush forwards it without a Sync.
            out.write(concat(parse("", "SELECT 1/0"), bind("", ""), execute("", 0), frame('H', new byte[0])));
            out.flush();
            List<RawFrame> first = readUntil(in, 'E');
            assertThat(first.getLast().type).isEqualTo('E');
            // Now a write, which the gate holds, closed by the client's Sync.
            out.write(concat(parse("", "DELETE FROM t"), bind("", ""), execute("", 0), frame('S', new byte[0])));
            out.flush();
            List<RawFrame> second;
            try {
                second = readUntil(in, 'Z');
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no ReadyForQuery within 10 s for the client's Sync after a held pipeline: "
                        + "the held-statement Query was discarded by the server, which was skipping to a Sync the gate never sent");
            }
            assertThat(second.getLast().type).isEqualTo('Z');
        }
        assertThat(production.queryLong("SELECT count(*) FROM t")).isEqualTo(50);
    }

    /**
     * Before login PostgreSQL accepts at most 10000 bytes of startup packet and 65535 bytes of
     * SASL token. Unauthenticated clients must not be able to make the gate allocate large
     * buffers: here 12 connections each announce a 60 MB SASL response and send nothing more.
     */
    @Test
    @Order(4)
    void unauthenticatedClientsCannotMakeTheGateAllocateLargeBuffers() throws Exception {
        Runtime rt = Runtime.getRuntime();
        List<Socket> sockets = new ArrayList<>();
        try {
            System.gc();
            long base = rt.totalMemory() - rt.freeMemory();
            for (int i = 0; i < 12; i++) {
                Socket s = new Socket("127.0.0.1", gate.port());
                sockets.add(s);
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write(startup(Map.of("user", "nobody-" + i, "database", "app"), 196608));
                readUntil(new DataInputStream(s.getInputStream()), 'R'); // AuthenticationSASL
                ByteArrayOutputStream header = new ByteArrayOutputStream();
                header.write('p');
                header.writeBytes(int32(60 << 20));
                header.writeBytes("SCRAM".getBytes(StandardCharsets.US_ASCII));
                out.write(header.toByteArray());
                out.flush();
            }
            Thread.sleep(1_000);
            System.gc();
            long grown = rt.totalMemory() - rt.freeMemory() - base;
            assertThat(grown).as("heap the gate holds for 12 unauthenticated clients (bytes)").isLessThan(64L << 20);
        } finally {
            for (Socket s : sockets) s.close();
        }
    }

    /**
     * Like PostgreSQL's authentication_timeout (60 s by default), a connection that does not
     * finish logging in must be dropped; otherwise idle sockets hold gate threads and file
     * descriptors without bound. The two sockets were opened in @BeforeAll.
     */
    @Test
    @Order(5)
    void connectionsThatNeverFinishLoginAreDropped() throws Exception {
        long waitMs = LOGIN_TIMEOUT_MS + 2_000 - (System.nanoTime() - stalledSince) / 1_000_000;
        if (waitMs > 0) Thread.sleep(waitMs);
        for (Socket s : List.of(silentClient, stalledInLogin)) {
            s.setSoTimeout(2_000);
            boolean closedByGate;
            try {
                InputStream in = s.getInputStream();
                byte[] buf = new byte[8192];
                int n;
                do {
                    n = in.read(buf);
                } while (n > 0);
                closedByGate = true;
            } catch (SocketTimeoutException e) {
                closedByGate = false;
            } catch (SocketException e) {
                closedByGate = true;
            }
            assertThat(closedByGate).as("the gate closed a connection idle in login past its login timeout").isTrue();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // one exchange

    /** What came back from one connection and how it ended. */
    record Exchange(String ending, String problem) {}

    record RawFrame(char type, byte[] body) {}

    static final Set<String> PRE_LOGIN_STATES = Set.of("08P01", "28000", "28P01", "08006");

    /** Sends bytes before login, half-closes, and checks that only SASL prompts and one FATAL come back. */
    static Exchange preLogin(byte[] bytes, int sslAnswers) throws IOException {
        try (Socket s = new Socket("127.0.0.1", gate.port())) {
            s.setSoTimeout(10_000);
            try {
                s.getOutputStream().write(bytes);
                s.getOutputStream().flush();
                s.shutdownOutput();
            } catch (SocketException e) {
                return new Exchange("closed while sending", null);
            }
            DataInputStream in = new DataInputStream(s.getInputStream());
            try {
                for (int i = 0; i < sslAnswers; i++) {
                    int b = in.read();
                    if (b < 0) return new Exchange("close", null);
                    if (b != 'N') return new Exchange("?", "answer to SSLRequest was " + b + ", not 'N'");
                }
                return checkPreLoginAnswer(in);
            } catch (SocketTimeoutException e) {
                return new Exchange("hang", "neither an answer nor a close within 10 s after the client half-closed");
            }
        }
    }

    static Exchange checkPreLoginAnswer(DataInputStream in) throws IOException {
        String ending = "close";
        try {
            for (RawFrame f = readFrame(in); f != null; f = readFrame(in)) {
                switch (f.type) {
                    case 'R' -> {
                        int code = new java.io.DataInputStream(new java.io.ByteArrayInputStream(f.body)).readInt();
                        if (code != 10 && code != 11) return new Exchange("?", "unexpected authentication message " + code);
                    }
                    case 'E' -> {
                        Map<Character, String> fields = errorFields(f.body);
                        if (!"FATAL".equals(fields.get('S')) || !PRE_LOGIN_STATES.contains(fields.get('C'))) {
                            return new Exchange("?", "unexpected error before login: " + fields);
                        }
                        if (readFrame(in) != null) return new Exchange("?", "the gate went on after a FATAL");
                        return new Exchange("error " + fields.get('C'), null);
                    }
                    default -> {
                        return new Exchange("?", "unexpected message '" + f.type + "' before login");
                    }
                }
            }
        } catch (SocketException | EOFException e) {
            ending = "reset";
        }
        return new Exchange(ending, null);
    }

    /** A valid startup, then a mutated SASL exchange. */
    static Exchange mutatedSasl(Random r) throws IOException, GeneralSecurityException {
        try (Socket s = new Socket("127.0.0.1", gate.port())) {
            s.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            String user = r.nextInt(4) == 0 ? "mallory" : AGENT;
            out.write(startup(Map.of("user", user, "database", r.nextInt(8) == 0 ? "other" : "app"), 196608));
            out.flush();
            RawFrame sasl = readFrame(in);
            if (sasl == null || sasl.type != 'R') return new Exchange("?", "no AuthenticationSASL after a valid startup: " + sasl);
            String nonce = Base64.getEncoder().encodeToString(randomBytes(r, 18));
            String bare = "n=,r=" + nonce;
            byte[] firstBody = saslInitial("SCRAM-SHA-256", ("n,," + bare).getBytes(StandardCharsets.UTF_8));
            int how = r.nextInt(10);
            try {
                switch (how) {
                    case 0 -> out.write(frame('p', saslInitial("SCRAM-SHA-1", ("n,," + bare).getBytes(StandardCharsets.UTF_8))));
                    case 1 -> out.write(frame('p', mutate(r, firstBody)));
                    case 2 -> out.write(frame((char) ('a' + r.nextInt(26)), firstBody));
                    case 3 -> out.write(frame('p', concat(cstr("SCRAM-SHA-256"), int32(r.nextBoolean() ? -1 : 1 << 20), bare.getBytes()))); 
                    case 4 -> out.write(frame('p', saslInitial("SCRAM-SHA-256", mutate(r, ("n,," + bare).getBytes()))));
                    case 5 -> out.write(concat(new byte[] {'p'}, int32(r.nextBoolean() ? 3 : Integer.MAX_VALUE), randomBytes(r, 8)));
                    default -> {
                        // a well-formed first message, then a mutated or wrong final one
                        out.write(frame('p', firstBody));
                        out.flush();
                        RawFrame cont = readFrame(in);
                        if (cont == null || cont.type != 'R') return new Exchange("?", "no SASLContinue: " + cont);
                        String serverFirst = new String(cont.body, 4, cont.body.length - 4, StandardCharsets.UTF_8);
                        String fin = scramFinal(bare, serverFirst, nonce, r.nextBoolean() ? PASSWORD : "wrong");
                        byte[] finBytes = fin.getBytes(StandardCharsets.UTF_8);
                        out.write(frame('p', how == 6 ? finBytes : how == 7 ? mutate(r, finBytes) : how == 8
                                ? fin.replace(nonce, "x" + nonce).getBytes() : randomBytes(r, r.nextInt(120))));
                    }
                }
                out.flush();
                s.shutdownOutput();
            } catch (SocketException e) {
                return new Exchange("closed while sending", null);
            }
            try {
                // A correct final message from the right agent logs in: then the answer is a session.
                List<RawFrame> frames = new ArrayList<>();
                for (RawFrame f = readFrameOrNull(in); f != null; f = readFrameOrNull(in)) frames.add(f);
                boolean loggedIn = frames.stream().anyMatch(f -> f.type == 'R' && f.body.length == 4 && f.body[3] == 0);
                if (loggedIn) return new Exchange("logged in", null);
                for (RawFrame f : frames) {
                    if (f.type == 'R') continue;
                    if (f.type != 'E') return new Exchange("?", "unexpected message '" + f.type + "' in a failed login");
                    Map<Character, String> fields = errorFields(f.body);
                    if (!PRE_LOGIN_STATES.contains(fields.get('C'))) return new Exchange("?", "unexpected login error " + fields);
                    if (f != frames.getLast()) return new Exchange("?", "the gate went on after a FATAL");
                    return new Exchange("error " + fields.get('C'), null);
                }
                return new Exchange("close", null);
            } catch (SocketTimeoutException e) {
                return new Exchange("hang", "neither an answer nor a close within 10 s after the client half-closed");
            }
        }
    }

    /** A real login, then random and mutated frames; whatever comes back must be well-formed and no write may run. */
    static Exchange session(Random r) throws IOException, GeneralSecurityException {
        try (Socket s = loggedIn()) {
            s.setSoTimeout(15_000);
            byte[] garbage = postLoginTraffic(r);
            try {
                s.getOutputStream().write(garbage);
                s.getOutputStream().flush();
                s.shutdownOutput();
            } catch (SocketException e) {
                return new Exchange("closed while sending", null);
            }
            DataInputStream in = new DataInputStream(s.getInputStream());
            String ending = "close";
            long total = 0;
            try {
                for (RawFrame f = readFrame(in); f != null; f = readFrame(in)) {
                    total += f.body.length;
                    if (total > 64 << 20) return new Exchange("?", "more than 64 MB of answers");
                    if (BACKEND_TYPES.indexOf(f.type) < 0) return new Exchange("?", "unknown backend message '" + f.type + "'");
                    if (f.type == 'C') {
                        String tag = new String(f.body, 0, Math.max(0, f.body.length - 1), StandardCharsets.UTF_8);
                        for (String w : WRITE_TAGS) {
                            if (tag.startsWith(w)) return new Exchange("?", "a write completed through the gate: " + tag);
                        }
                    }
                    if (f.type == 'E') ending = "error+close";
                }
            } catch (SocketTimeoutException e) {
                return new Exchange("hang", "no close within 15 s after the client half-closed");
            } catch (SocketException | EOFException e) {
                ending = "reset";
            }
            return new Exchange(ending, null);
        }
    }

    static final String BACKEND_TYPES = "RSKZECDTtn12s3INAGHWcdVv";
    static final List<String> WRITE_TAGS = List.of("INSERT", "UPDATE", "DELETE", "MERGE", "CREATE", "DROP", "ALTER", "TRUNCATE",
            "GRANT", "REVOKE", "VACUUM", "CLUSTER", "REINDEX", "COMMENT", "SECURITY", "REFRESH", "IMPORT", "LOCK", "CALL");

    // ---------------------------------------------------------------------------------------------
    // generators

    static final List<String> READS = List.of("SELECT 1", "SELECT count(*) FROM t", "SELECT * FROM t WHERE a < 5", "TABLE s",
            "VALUES (1, 'x')", "SHOW search_path", "BEGIN", "COMMIT", "ROLLBACK", "SELECT $1::int", "SELECT f()",
            "BEGIN READ ONLY", "SELECT last_value FROM seq", "EXPLAIN SELECT * FROM t", "SELECT 1; SELECT 2",
            "DECLARE c CURSOR FOR SELECT * FROM t", "FETCH 2 FROM c", "PREPARE p AS SELECT 1", "EXECUTE p",
            "SELECT 'DELETE FROM t'", "SELECT /* DROP TABLE t */ 1", "COPY (SELECT 1) TO STDOUT", "SELECT 1/0");
    static final List<String> WRITES = List.of("DELETE FROM t", "UPDATE t SET b = 'x'", "INSERT INTO s VALUES (3)", "DROP TABLE t",
            "TRUNCATE s", "SELECT nextval('seq')", "CREATE TABLE z (a int)", "COMMIT; DELETE FROM t",
            "SET TRANSACTION READ WRITE; DELETE FROM t", "BEGIN READ WRITE; DELETE FROM t; COMMIT",
            "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", "SELECT setval('seq', 99)", "CREATE ROLE evil",
            "ALTER SYSTEM SET work_mem = '1MB'", "COPY s FROM STDIN", "SELECT * FROM t FOR UPDATE", "SELECT * INTO t2 FROM t",
            "SET default_transaction_read_only = off; DELETE FROM t", "PREPARE w AS DELETE FROM t", "EXECUTE w",
            "SELECT 1; DROP TABLE s", "DO $$ BEGIN DELETE FROM t; END $$", "CREATE FUNCTION g() RETURNS int LANGUAGE sql AS 'SELECT 1'",
            "SELECT pg_advisory_lock(1)", "SELECT set_config('default_transaction_read_only', 'off', false)",
            "CALL nothing()", "GRANT ALL ON t TO PUBLIC", "VACUUM t", "LOCK TABLE t", "NOTIFY ch", "SELECT lo_import('/etc/passwd')");

    static String sql(Random r) {
        String base = r.nextInt(5) < 2 ? READS.get(r.nextInt(READS.size())) : WRITES.get(r.nextInt(WRITES.size()));
        return switch (r.nextInt(8)) {
            case 0 -> base + ";" + (r.nextBoolean() ? READS.get(r.nextInt(READS.size())) : WRITES.get(r.nextInt(WRITES.size())));
            case 1 -> new String(mutate(r, base.getBytes(StandardCharsets.UTF_8)), StandardCharsets.ISO_8859_1);
            case 2 -> base.substring(0, r.nextInt(base.length() + 1));
            default -> base;
        };
    }

    static byte[] postLoginTraffic(Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) out.writeBytes(message(r));
        byte[] all = out.toByteArray();
        return switch (r.nextInt(10)) {
            case 0 -> mutate(r, all);
            case 1 -> java.util.Arrays.copyOf(all, r.nextInt(all.length + 1)); // truncated
            case 2 -> concat(all, randomBytes(r, r.nextInt(64)));
            default -> all;
        };
    }

    static byte[] message(Random r) {
        return switch (r.nextInt(16)) {
            case 0, 1, 2 -> query(sql(r));
            case 3, 4, 5 -> concat(parse(r.nextBoolean() ? "" : "s" + r.nextInt(3), sql(r)), bind(r.nextBoolean() ? "" : "p1",
                    r.nextBoolean() ? "" : "s" + r.nextInt(3), r.nextInt(3) == 0 ? 1 : 0), frame('D', concat(new byte[] {'P'}, cstr(""))), execute("", r.nextInt(3)),
                    frame(r.nextInt(4) == 0 ? 'H' : 'S', new byte[0]));
            case 6 -> concat(bind("", "s" + r.nextInt(3)), execute("", 0), frame('S', new byte[0]));
            case 7 -> frame('F', concat(int32(r.nextBoolean() ? 2_000 + r.nextInt(4_000) : r.nextInt()), randomBytes(r, r.nextInt(24))));
            case 8 -> frame("dcf".charAt(r.nextInt(3)), randomBytes(r, r.nextInt(64)));
            case 9 -> frame(UNKNOWN.charAt(r.nextInt(UNKNOWN.length())), randomBytes(r, r.nextInt(32)));
            case 10 -> frame(r.nextBoolean() ? 'D' : 'C', concat(new byte[] {(byte) r.nextInt(256)}, cstr("x")));
            case 11 -> {
                // a frame whose length word lies
                byte[] f = query(sql(r));
                int len = ((f[1] & 0xff) << 24 | (f[2] & 0xff) << 16 | (f[3] & 0xff) << 8 | (f[4] & 0xff)) + r.nextInt(9) - 4;
                byte[] l = int32(r.nextInt(20) == 0 ? (r.nextBoolean() ? Integer.MAX_VALUE : (64 << 20) + 5) : len);
                System.arraycopy(l, 0, f, 1, 4);
                yield f;
            }
            case 12 -> frame('p', randomBytes(r, r.nextInt(40)));
            case 13 -> frame('P', mutate(r, concat(cstr(""), cstr(sql(r)), int16(r.nextInt(3) - 1), int32(23))));
            case 14 -> frame('B', randomBytes(r, r.nextInt(30)));
            default -> r.nextInt(8) == 0 ? frame('X', new byte[0]) : frame('H', new byte[0]);
        };
    }

    static final String UNKNOWN = "abgijklmnoqrtuvwyzAGIJKLMNORTUVWYZ019 \0\u00ff";

    static byte[] mutatedStartup(Random r) {
        Map<String, String> params = new LinkedHashMap<>();
        if (r.nextInt(10) != 0) params.put("user", r.nextInt(5) == 0 ? "mallory" : AGENT);
        if (r.nextBoolean()) params.put("database", "app");
        if (r.nextInt(4) == 0) params.put("options", "-c default_transaction_read_only=off");
        if (r.nextInt(6) == 0) params.put("replication", "database");
        int code = switch (r.nextInt(8)) {
            case 0 -> r.nextInt();
            case 1 -> 2 << 16;
            case 2 -> (3 << 16) | r.nextInt(5);
            case 3 -> 4 << 16;
            case 4 -> StartupPacket_CANCEL;
            default -> 196608;
        };
        byte[] p = startup(params, code);
        return switch (r.nextInt(9)) {
            case 0 -> withLength(p, r.nextInt(12)); // too short
            case 1 -> withLength(p, p.length + 1 + r.nextInt(100)); // claims more than sent
            case 2 -> withLength(p, r.nextBoolean() ? 10_001 : r.nextBoolean() ? Integer.MAX_VALUE : -r.nextInt(1000));
            case 3 -> withLength(java.util.Arrays.copyOf(p, p.length - 1), p.length - 1); // final NUL missing
            case 4 -> withLength(stripNuls(p), stripNuls(p).length); // no NULs at all after the code
            case 5 -> mutate(r, p);
            case 6 -> concat(p, randomBytes(r, r.nextInt(100))); // trailing garbage after a valid packet
            default -> p;
        };
    }

    static final int StartupPacket_CANCEL = 80877102;

    static byte[] sslRequest(boolean gss) {
        return concat(int32(8), int32(gss ? 80877104 : 80877103));
    }

    static byte[] cancelRequest(Random r) {
        byte[] p = concat(int32(16), int32(StartupPacket_CANCEL), int32(r.nextInt()), int32(r.nextInt()));
        return r.nextBoolean() ? p : withLength(java.util.Arrays.copyOf(p, 4 + r.nextInt(16)), 16);
    }

    static byte[] stripNuls(byte[] p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(p, 0, 8);
        for (int i = 8; i < p.length; i++) if (p[i] != 0) out.write(p[i]);
        return out.toByteArray();
    }

    static byte[] withLength(byte[] p, int len) {
        byte[] c = p.clone();
        System.arraycopy(int32(len), 0, c, 0, 4);
        return c;
    }

    static byte[] mutate(Random r, byte[] b) {
        if (b.length == 0) return randomBytes(r, 1 + r.nextInt(8));
        byte[] c = b.clone();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            int at = r.nextInt(c.length);
            switch (r.nextInt(4)) {
                case 0 -> c[at] = (byte) r.nextInt(256);
                case 1 -> c[at] = 0;
                case 2 -> c[at] ^= (byte) (1 << r.nextInt(8));
                default -> c[at] = (byte) "';\"$\\-/*\0".charAt(r.nextInt(9));
            }
        }
        return c;
    }

    static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    // ---------------------------------------------------------------------------------------------
    // protocol helpers: frames, login, SCRAM (client side, RFC 5802/7677 as PostgreSQL uses it)

    static byte[] query(String sql) {
        return frame('Q', cstr(sql));
    }

    static byte[] parse(String name, String sql) {
        boolean param = sql.contains("$1");
        return frame('P', concat(cstr(name), cstr(sql), int16(param ? 1 : 0), param ? int32(23) : new byte[0]));
    }

    static byte[] bind(String portal, String statement) {
        return bind(portal, statement, 0);
    }

    static byte[] bind(String portal, String statement, int params) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(concat(cstr(portal), cstr(statement), int16(0), int16(params)));
        for (int i = 0; i < params; i++) b.writeBytes(concat(int32(2), "42".getBytes(StandardCharsets.US_ASCII)));
        b.writeBytes(int16(0));
        return frame('B', b.toByteArray());
    }

    static byte[] execute(String portal, int maxRows) {
        return frame('E', concat(cstr(portal), int32(maxRows)));
    }

    static byte[] frame(char type, byte[] body) {
        return concat(new byte[] {(byte) type}, int32(body.length + 4), body);
    }

    static byte[] startup(Map<String, String> params, int code) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(int32(code));
        params.forEach((k, v) -> {
            body.writeBytes(cstr(k));
            body.writeBytes(cstr(v));
        });
        body.write(0);
        return concat(int32(body.size() + 4), body.toByteArray());
    }

    static byte[] saslInitial(String mechanism, byte[] data) {
        return concat(cstr(mechanism), int32(data.length), data);
    }

    static byte[] cstr(String s) {
        return concat(s.getBytes(StandardCharsets.UTF_8), new byte[] {0});
    }

    static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    static byte[] int16(int v) {
        return new byte[] {(byte) (v >>> 8), (byte) v};
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static RawFrame readFrame(DataInputStream in) throws IOException {
        int type = in.read();
        if (type < 0) return null;
        int len = in.readInt();
        if (len < 4 || len > (256 << 20)) throw new IOException("backend frame '" + (char) type + "' with length " + len);
        byte[] body = new byte[len - 4];
        in.readFully(body);
        return new RawFrame((char) type, body);
    }

    /** Like readFrame, but a reset counts as the end. */
    static RawFrame readFrameOrNull(DataInputStream in) throws IOException {
        try {
            return readFrame(in);
        } catch (SocketException | EOFException e) {
            return null;
        }
    }

    static List<RawFrame> readUntil(DataInputStream in, char type) throws IOException {
        List<RawFrame> out = new ArrayList<>();
        for (RawFrame f = readFrame(in); f != null; f = readFrame(in)) {
            out.add(f);
            if (f.type == type) return out;
        }
        throw new EOFException("the gate closed before '" + type + "': " + out);
    }

    static Map<Character, String> errorFields(byte[] body) {
        Map<Character, String> out = new HashMap<>();
        int i = 0;
        while (i < body.length && body[i] != 0) {
            char k = (char) body[i++];
            int end = i;
            while (end < body.length && body[end] != 0) end++;
            out.put(k, new String(body, i, end - i, StandardCharsets.UTF_8));
            i = end + 1;
        }
        return out;
    }

    /** A raw connection through a complete SCRAM login, positioned after the first ReadyForQuery. */
    static Socket loggedIn() throws IOException, GeneralSecurityException {
        Socket s = new Socket("127.0.0.1", gate.port());
        try {
            s.setSoTimeout(15_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            out.write(startup(Map.of("user", AGENT, "database", "app"), 196608));
            scramUpToFinal(in, out, PASSWORD);
            for (RawFrame f = readFrame(in); ; f = readFrame(in)) {
                if (f == null) throw new IOException("the gate closed during login");
                if (f.type == 'E') throw new IOException("login failed: " + errorFields(f.body));
                if (f.type == 'Z') return s;
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Reads AuthenticationSASL, sends both client messages; the server's final answers are left unread. */
    static void scramUpToFinal(DataInputStream in, OutputStream out, String password) throws IOException, GeneralSecurityException {
        RawFrame sasl = readFrame(in);
        if (sasl == null || sasl.type != 'R') throw new IOException("expected AuthenticationSASL, got " + sasl);
        byte[] nonceBytes = new byte[18];
        new java.security.SecureRandom().nextBytes(nonceBytes);
        String nonce = Base64.getEncoder().encodeToString(nonceBytes);
        String bare = "n=,r=" + nonce;
        out.write(frame('p', saslInitial("SCRAM-SHA-256", ("n,," + bare).getBytes(StandardCharsets.UTF_8))));
        out.flush();
        RawFrame cont = readFrame(in);
        if (cont == null || cont.type != 'R') throw new IOException("expected AuthenticationSASLContinue, got " + cont);
        String serverFirst = new String(cont.body, 4, cont.body.length - 4, StandardCharsets.UTF_8);
        out.write(frame('p', scramFinal(bare, serverFirst, nonce, password).getBytes(StandardCharsets.UTF_8)));
        out.flush();
    }

    static final Map<String, byte[]> SALTED = new ConcurrentHashMap<>();

    static String scramFinal(String clientFirstBare, String serverFirst, String clientNonce, String password)
            throws GeneralSecurityException {
        Map<Character, String> attrs = new HashMap<>();
        for (String part : serverFirst.split(",")) {
            if (part.length() >= 2 && part.charAt(1) == '=') attrs.put(part.charAt(0), part.substring(2));
        }
        String nonce = attrs.get('r');
        if (nonce == null || !nonce.startsWith(clientNonce)) throw new GeneralSecurityException("server nonce does not extend ours");
        String salt = attrs.get('s');
        int iterations = Integer.parseInt(attrs.get('i'));
        byte[] salted = SALTED.computeIfAbsent(password + "\0" + salt + "\0" + iterations, k -> {
            try {
                PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), Base64.getDecoder().decode(salt), iterations, 256);
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        byte[] clientKey = hmac(salted, "Client Key");
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
        String withoutProof = "c=biws,r=" + nonce;
        byte[] signature = hmac(storedKey, clientFirstBare + "," + serverFirst + "," + withoutProof);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) proof[i] = (byte) (clientKey[i] ^ signature[i]);
        return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
    }

    static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------------------------------------
    // the sandbox side

    static Connection agent() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", AGENT);
        p.setProperty("password", PASSWORD);
        p.setProperty("connectTimeout", "10");
        p.setProperty("socketTimeout", "30");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + gate.port() + "/app", p);
    }

    /** Client backends on the sandbox other than the one asking: every one of them is a gate session. */
    static long liveSessions() throws SQLException {
        return production.queryLong("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
                + "AND pid <> pg_backend_pid()");
    }

    static void awaitNoGateSessions(long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        long n = liveSessions();
        while (n > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            n = liveSessions();
        }
        assertThat(n).as("upstream sessions still open " + timeoutMs + " ms after every client left "
                + "(named 'bulwark-gate%%': %d)", production.queryLong("SELECT count(*) FROM pg_stat_activity "
                + "WHERE application_name LIKE 'bulwark-gate%'")).isZero();
    }

    /** Data, schema, roles, sequences and non-default settings of production, as one comparable text. */
    static String fingerprint() throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (Connection c = production.sandbox().connect("app"); Statement st = c.createStatement()) {
            for (String q : List.of(
                    "SELECT md5(string_agg(t::text, ',' ORDER BY a)) FROM t",
                    "SELECT md5(string_agg(s::text, ',' ORDER BY a)) FROM s",
                    "SELECT last_value || ':' || is_called FROM seq",
                    "SELECT md5(string_agg(oid::regclass::text || relkind::text, ',' ORDER BY oid)) FROM pg_class WHERE relnamespace = 'public'::regnamespace",
                    "SELECT md5(string_agg(proname, ',' ORDER BY oid)) FROM pg_proc WHERE pronamespace = 'public'::regnamespace",
                    "SELECT md5(string_agg(rolname || rolsuper, ',' ORDER BY oid)) FROM pg_roles",
                    "SELECT md5(coalesce(string_agg(relname || array_to_string(relacl, ';'), ',' ORDER BY oid), '')) FROM pg_class WHERE relnamespace = 'public'::regnamespace",
                    "SELECT md5(string_agg(name || '=' || setting, ',' ORDER BY name)) FROM pg_settings WHERE source NOT IN ('default', 'session', 'client')",
                    "SELECT count(*) FROM pg_largeobject_metadata",
                    "SELECT count(*) FROM pg_database")) {
                try (ResultSet rs = st.executeQuery(q)) {
                    rs.next();
                    sb.append(rs.getString(1)).append('\n');
                }
            }
        }
        return sb.toString();
    }
}
