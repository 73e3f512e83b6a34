package dev.bulwark.terraform;

/** One concern about a change, with the detail that shows it (an attribute's value, terraform's reason). */
public record Finding(Concern concern, String detail) {}
