package dev.bulwark.rehearse;

/**
 * The rehearsal's judgement. SAFE and REVIEW exit 0 (REVIEW with findings to read); DANGEROUS exits 1:
 * production data would be lost, an assert failed, a statement failed, or a lock that blocks writes on a
 * table with rows was held longer than allowed.
 */
public enum Verdict { SAFE, REVIEW, DANGEROUS }
