package dev.bulwark.gate.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.bulwark.gate.wire.Frame;

/**
 * The gate answers a held or refused statement by having the server raise the error itself: a DO
 * block that only raises, which a read-only session may run. The agent gets a real ErrorResponse
 * and ReadyForQuery from the server, so its transaction state (idle, or a block now failed) is
 * exactly what PostgreSQL would show for a failed statement.
 */
final class HeldStatementResponse {
    private HeldStatementResponse() {}

    static List<Frame> held(String requestId, String reason, Ending ending) {
        return frames(raiseSql("bulwark: held for approval as request " + requestId,
                "Not provably a read: " + reason + ". Nothing was executed.",
                "A human approves it with: bulwark approvals approve " + requestId + " --as NAME --code TOTP"), ending);
    }

    static List<Frame> refused(String reason, Ending ending) {
        return frames(raiseSql("bulwark: refused: " + reason, "Nothing was executed.", null), ending);
    }

    /**
     * How the agent's messages ended: a simple Query gets a simple Query back; an extended
     * pipeline gets Parse/Bind/Execute and its own Sync or Flush, so that a server still skipping
     * to a Sync after an earlier error answers exactly as it would have answered the agent's.
     */
    enum Ending { QUERY, SYNC, FLUSH }

    private static List<Frame> frames(String sql, Ending ending) {
        if (ending == Ending.QUERY) {
            return List.of(new Frame((byte) 'Q', cstring(sql)));
        }
        ByteArrayOutputStream parse = new ByteArrayOutputStream();
        parse.writeBytes(cstring(""));
        parse.writeBytes(cstring(sql));
        parse.writeBytes(new byte[] {0, 0});
        ByteArrayOutputStream bind = new ByteArrayOutputStream();
        bind.writeBytes(cstring(""));
        bind.writeBytes(cstring(""));
        bind.writeBytes(new byte[] {0, 0, 0, 0, 0, 0});
        ByteArrayOutputStream execute = new ByteArrayOutputStream();
        execute.writeBytes(cstring(""));
        execute.writeBytes(new byte[] {0, 0, 0, 0});
        return List.of(new Frame((byte) 'P', parse.toByteArray()), new Frame((byte) 'B', bind.toByteArray()),
                new Frame((byte) 'E', execute.toByteArray()), new Frame((byte) (ending == Ending.SYNC ? 'S' : 'H'), new byte[0]));
    }

    private static byte[] cstring(String s) {
        return (s + "\0").getBytes(StandardCharsets.UTF_8);
    }

    private static String raiseSql(String message, String detail, String hint) {
        StringBuilder sql = new StringBuilder("DO $bulwark$ BEGIN RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = ")
                .append(literal(message)).append(", DETAIL = ").append(literal(detail));
        if (hint != null) sql.append(", HINT = ").append(literal(hint));
        sql.append("; END $bulwark$");
        return sql.toString();
    }

    /**
     * An escape-string literal, read the same whatever standard_conforming_strings is, that
     * cannot end the dollar-quoted body it sits in.
     */
    static String literal(String s) {
        String safe = s.replace("\0", "").replace("$bulwark$", "$ bulwark $");
        return "E'" + safe.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
