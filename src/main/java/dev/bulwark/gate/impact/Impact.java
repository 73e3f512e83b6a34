package dev.bulwark.gate.impact;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.bulwark.repository.Json;

/**
 * The impact preview stored on a change request: per-table estimates, flags a reviewer should not
 * miss, notes (what could not be previewed and why), and the error if the preview itself failed for
 * some statement. A preview with an error is still a valid preview: the request is created anyway.
 */
public record Impact(List<TableImpact> tables, List<String> flags, List<String> notes, String error) {

    public Impact {
        tables = List.copyOf(tables);
        flags = List.copyOf(flags);
        notes = List.copyOf(notes);
    }

    static Impact failed(String error) {
        return new Impact(List.of(), List.of(), List.of(), error);
    }

    public String toJson() {
        try {
            return Json.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write impact as JSON", e);
        }
    }

    /**
     * One line for people, e.g. {@code DELETE on public.accounts: ~100,000 of 100,000 rows (100%);
     * flags: no WHERE clause, touches all rows}.
     */
    public String summary() {
        List<String> parts = new ArrayList<>();
        for (TableImpact t : tables) parts.add(t.describe());
        if (!flags.isEmpty()) parts.add("flags: " + String.join(", ", flags));
        if (error != null) parts.add("preview failed: " + error);
        if (parts.isEmpty()) parts.addAll(notes);
        if (parts.isEmpty()) return "no tables affected";
        return String.join("; ", parts);
    }
}
