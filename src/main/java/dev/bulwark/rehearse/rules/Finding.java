package dev.bulwark.rehearse.rules;

/**
 * One rule's finding on one statement.
 *
 * @param statement the statement's number in the rehearsal
 */
public record Finding(String rule, String file, int line, int statement, String message, String fix) {}
