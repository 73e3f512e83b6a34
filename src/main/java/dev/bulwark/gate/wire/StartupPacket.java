package dev.bulwark.gate.wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The first packet a client sends: one of four kinds, told apart by the protocol code. */
public sealed interface StartupPacket {
    int PROTOCOL_3 = 196608;
    int SSL_REQUEST = 80877103;
    int GSSENC_REQUEST = 80877104;
    int CANCEL_REQUEST = 80877102;

    record Startup(int protocol, Map<String, String> parameters) implements StartupPacket {
        public Startup {
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }

        public String user() {
            return parameters.get("user");
        }

        public String database() {
            return parameters.getOrDefault("database", user());
        }
    }

    record SslRequest() implements StartupPacket {}

    record GssEncRequest() implements StartupPacket {}

    record CancelRequest(int processId, int secretKey) implements StartupPacket {}

    static StartupPacket parse(byte[] body) throws ProtocolException {
        MessageBuffer b = new MessageBuffer(body);
        int code = b.int32();
        switch (code) {
            case SSL_REQUEST -> {
                b.requireEnd("SSLRequest");
                return new SslRequest();
            }
            case GSSENC_REQUEST -> {
                b.requireEnd("GSSENCRequest");
                return new GssEncRequest();
            }
            case CANCEL_REQUEST -> {
                CancelRequest c = new CancelRequest(b.int32(), b.int32());
                b.requireEnd("CancelRequest");
                return c;
            }
            default -> {
                if (code >>> 16 != 3) {
                    throw new ProtocolException("unsupported frontend protocol " + (code >>> 16) + "." + (code & 0xffff)
                            + ": only protocol 3 is served");
                }
                Map<String, String> params = new LinkedHashMap<>();
                while (true) {
                    String key = b.cstring();
                    if (key.isEmpty()) break;
                    if (params.put(key, b.cstring()) != null) {
                        throw new ProtocolException("startup parameter '" + key + "' given twice");
                    }
                }
                b.requireEnd("startup packet");
                if (!params.containsKey("user")) {
                    throw new ProtocolException("no user name in the startup packet");
                }
                return new Startup(code, params);
            }
        }
    }
}
