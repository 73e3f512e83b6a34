package dev.bulwark.gate.proxy;

import java.nio.charset.StandardCharsets;

import dev.bulwark.gate.wire.Frame;

/**
 * The gate answers a held or refused statement by having the server raise the error itself: a DO
 * block that only raises, which a read-only session may run. The agent gets a real ErrorResponse
 * and ReadyForQuery from the server, so its transaction state (idle, or a block now failed) is
 * exactly what PostgreSQL would show for a failed statement.
 */
final class HeldStatementResponse {
    private HeldStatementResponse() {}

    static Frame held(String requestId, String reason) {
        return raise("bulwark: held for approval as request " + requestId,
                "Not provably a read: " + reason + ". Nothing was executed.",
                "A human approves it with: bulwark approvals approve " + requestId + " --as NAME --code TOTP");
    }

    static Frame refused(String reason) {
        return raise("bulwark: refused: " + reason, "Nothing was executed.", null);
    }

    private static Frame raise(String message, String detail, String hint) {
        StringBuilder sql = new StringBuilder("DO $bulwark$ BEGIN RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = ")
                .append(literal(message)).append(", DETAIL = ").append(literal(detail));
        if (hint != null) sql.append(", HINT = ").append(literal(hint));
        sql.append("; END $bulwark$");
        byte[] text = (sql + "\0").getBytes(StandardCharsets.UTF_8);
        return new Frame((byte) 'Q', text);
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
