package dev.bulwark.gate.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.bulwark.gate.audit.AuditDecision;
import dev.bulwark.gate.upstream.Upstream;
import dev.bulwark.gate.wire.Frame;
import dev.bulwark.gate.wire.FrameReader;
import dev.bulwark.gate.wire.FrameScanner;
import dev.bulwark.gate.wire.FrontendMessage;
import dev.bulwark.gate.wire.MessageBuffer;
import dev.bulwark.gate.wire.ProtocolException;

/**
 * The life of an authenticated session: the agent's messages are judged and forwarded or held;
 * the server's answers are pumped back as they come. A simple Query is judged as a whole; an
 * extended-protocol pipeline is collected up to its Sync (or Flush) and judged as a whole, so no
 * part of a pipeline runs before all of it has been seen.
 */
final class ProxyLoop {
    /** A pipeline longer than this without a Sync is not a client we serve. */
    private static final int MAX_PIPELINE = 10_000;
    /** As much as one read from the server's socket usually returns under load. */
    private static final int RELAY_CHUNK = 1 << 16;

    private final FrameReader client;
    private final ClientOut clientOut;
    private final Upstream upstream;
    private final StatementPolicy policy;
    private final HoldDesk desk;
    private final HoldDesk.SessionInfo session;
    private final AtomicReference<Character> transactionStatus = new AtomicReference<>('I');

    ProxyLoop(FrameReader client, ClientOut clientOut, Upstream upstream, StatementPolicy policy, HoldDesk desk,
              HoldDesk.SessionInfo session) {
        this.client = client;
        this.clientOut = clientOut;
        this.upstream = upstream;
        this.policy = policy;
        this.desk = desk;
        this.session = session;
    }

    /** Runs until either side closes; the upstream pump runs on a thread of its own. */
    void run(SessionThreads threads) throws IOException {
        Thread pump = threads.start("gate-pump", this::pump);
        try {
            clientLoop();
        } finally {
            upstream.close();
            try {
                pump.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The server's answers go to the client as they were read, chunk by chunk: one write per read,
     * no copy per message, results streamed however large. Session state carried by ReadyForQuery
     * and ParameterStatus (e.g. standard_conforming_strings) is taken in before the client sees it,
     * so the next statement is always judged under the settings the server will apply.
     */
    private void pump() {
        FrameScanner scanner = new FrameScanner("ZS", this::serverMessage);
        byte[] chunk = new byte[RELAY_CHUNK];
        try {
            InputStream in = upstream.input();
            for (int n = in.read(chunk); n > 0; n = in.read(chunk)) {
                scanner.scan(chunk, 0, n);
                clientOut.writeThrough(chunk, 0, n);
            }
        } catch (IOException e) {
            // either side went away (or the server broke the framing); the client loop ends on its own read
        } finally {
            if (!scanner.atBoundary()) {
                clientOut.abandon(); // nothing more may go to a client left inside a message
            }
        }
    }

    private void serverMessage(char type, byte[] body) {
        if (type == 'Z' && body.length == 1) {
            transactionStatus.set((char) body[0]);
        } else if (type == 'S') {
            try {
                MessageBuffer b = new MessageBuffer(body);
                policy.serverParameter(b.cstring(), b.cstring());
            } catch (ProtocolException e) {
                // a malformed ParameterStatus from the server changes nothing we rely on
            }
        }
    }

    private void clientLoop() throws IOException {
        List<FrontendMessage> pipeline = new ArrayList<>();
        for (Frame f = client.read(); f != null; f = client.read()) {
            FrontendMessage m = FrontendMessage.parse(f);
            switch (m) {
                case FrontendMessage.Query q -> {
                    pipeline.add(q);
                    dispatch(pipeline);
                }
                case FrontendMessage.Sync s -> {
                    pipeline.add(s);
                    dispatch(pipeline);
                }
                case FrontendMessage.Flush fl -> {
                    pipeline.add(fl);
                    dispatch(pipeline);
                }
                case FrontendMessage.Terminate t -> {
                    return;
                }
                case FrontendMessage.AuthResponse a -> throw new ProtocolException("authentication message after login");
                case FrontendMessage.CopyIn c -> desk.audit(session, "(COPY data from the client)", AuditDecision.REFUSED, null);
                default -> {
                    pipeline.add(m);
                    if (pipeline.size() > MAX_PIPELINE) {
                        throw new ProtocolException("more than " + MAX_PIPELINE + " messages without a Sync");
                    }
                }
            }
        }
    }

    /** Judges the collected messages as one unit, then forwards all of them or none. */
    private void dispatch(List<FrontendMessage> pipeline) throws IOException {
        Verdict verdict = new Verdict.Forward();
        List<String> statements = new ArrayList<>();
        for (FrontendMessage m : pipeline) {
            Verdict v = switch (m) {
                case FrontendMessage.Query q -> judged(statements, q.sql());
                case FrontendMessage.Parse p -> {
                    statements.add(p.sql());
                    yield policy.judgeParse(p.statement(), p.sql());
                }
                case FrontendMessage.FunctionCall fc -> new Verdict.Refuse(
                        "the FunctionCall message calls a function by OID, bypassing SQL; call it in a SELECT instead");
                default -> new Verdict.Forward();
            };
            if (!(v instanceof Verdict.Forward)) {
                verdict = v;
                break;
            }
        }
        switch (verdict) {
            case Verdict.Forward f -> {
                for (FrontendMessage m : pipeline) upstream.write(m.frame());
                statements.forEach(sql -> desk.audit(session, sql, AuditDecision.ALLOWED, null));
            }
            case Verdict.Hold h -> {
                // In a transaction that already failed the server refuses everything anyway: no request.
                boolean failedAlready = transactionStatus.get() == 'E';
                String id = failedAlready ? null : desk.hold(session, h.sql(), h.reason());
                desk.audit(session, h.sql(), failedAlready ? AuditDecision.REFUSED : AuditDecision.HELD, id);
                List<Frame> answer = failedAlready ? HeldStatementResponse.refused("the transaction has already failed", ending(pipeline))
                        : HeldStatementResponse.held(id, h.reason(), ending(pipeline));
                for (Frame f : answer) upstream.write(f);
            }
            case Verdict.Refuse r -> {
                desk.audit(session, "(FunctionCall message)", AuditDecision.REFUSED, null);
                for (Frame f : HeldStatementResponse.refused(r.reason(), ending(pipeline))) upstream.write(f);
            }
        }
        upstream.flush();
        pipeline.clear();
    }

    private static HeldStatementResponse.Ending ending(List<FrontendMessage> pipeline) {
        return switch (pipeline.get(pipeline.size() - 1)) {
            case FrontendMessage.Query q -> HeldStatementResponse.Ending.QUERY;
            case FrontendMessage.Sync s -> HeldStatementResponse.Ending.SYNC;
            default -> HeldStatementResponse.Ending.FLUSH;
        };
    }

    private Verdict judged(List<String> statements, String sql) {
        statements.add(sql);
        return policy.judge(sql);
    }
}
