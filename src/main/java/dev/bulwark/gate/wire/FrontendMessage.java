package dev.bulwark.gate.wire;

/**
 * What a client sends after startup, parsed as far as the gate needs to decide on it. Every
 * message keeps its original frame so that what is allowed is forwarded byte for byte.
 */
public sealed interface FrontendMessage {
    Frame frame();

    /** Simple query: one string that may hold several statements. */
    record Query(Frame frame, String sql) implements FrontendMessage {}

    /** Extended protocol: a named (or unnamed, "") prepared statement. */
    record Parse(Frame frame, String statement, String sql) implements FrontendMessage {}

    record Bind(Frame frame, String portal, String statement) implements FrontendMessage {}

    record Execute(Frame frame, String portal, int maxRows) implements FrontendMessage {}

    /** Describe or Close of a statement ('S') or portal ('P'). */
    record Describe(Frame frame, char kind, String name) implements FrontendMessage {}

    record Close(Frame frame, char kind, String name) implements FrontendMessage {}

    record Sync(Frame frame) implements FrontendMessage {}

    record Flush(Frame frame) implements FrontendMessage {}

    record Terminate(Frame frame) implements FrontendMessage {}

    /** The legacy fast-path call of a function by OID: refused, it bypasses SQL entirely. */
    record FunctionCall(Frame frame) implements FrontendMessage {}

    /** CopyData, CopyDone, CopyFail: only meaningful during COPY FROM, which the gate refuses. */
    record CopyIn(Frame frame) implements FrontendMessage {}

    /** SASL and password responses during authentication. */
    record AuthResponse(Frame frame) implements FrontendMessage {}

    static FrontendMessage parse(Frame f) throws ProtocolException {
        MessageBuffer b = new MessageBuffer(f.body());
        return switch (f.typeChar()) {
            case 'Q' -> {
                String sql = b.cstring();
                b.requireEnd("Query");
                yield new Query(f, sql);
            }
            case 'P' -> {
                String name = b.cstring();
                String sql = b.cstring();
                int types = b.int16();
                if (types < 0) throw new ProtocolException("Parse with negative parameter count");
                b.skip(4 * types);
                b.requireEnd("Parse");
                yield new Parse(f, name, sql);
            }
            case 'B' -> new Bind(f, b.cstring(), b.cstring());
            case 'E' -> {
                Execute e = new Execute(f, b.cstring(), b.int32());
                b.requireEnd("Execute");
                yield e;
            }
            case 'D', 'C' -> {
                char kind = (char) b.int8();
                if (kind != 'S' && kind != 'P') {
                    throw new ProtocolException("Describe/Close of unknown kind '" + kind + "'");
                }
                String name = b.cstring();
                b.requireEnd(f.typeChar() == 'D' ? "Describe" : "Close");
                yield f.typeChar() == 'D' ? new Describe(f, kind, name) : new Close(f, kind, name);
            }
            case 'S' -> new Sync(f);
            case 'H' -> new Flush(f);
            case 'X' -> new Terminate(f);
            case 'F' -> new FunctionCall(f);
            case 'd', 'c', 'f' -> new CopyIn(f);
            case 'p' -> new AuthResponse(f);
            default -> throw new ProtocolException("unknown frontend message type '" + f.typeChar() + "'");
        };
    }
}
