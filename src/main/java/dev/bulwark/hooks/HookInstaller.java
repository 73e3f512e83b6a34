package dev.bulwark.hooks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bulwark.BulwarkException;
import dev.bulwark.repository.AtomicFiles;

/**
 * Adds Bulwark's hook to an agent's settings file, merging: every other key and every other hook stays
 * as it was, and an existing Bulwark entry for the same agent is updated in place, so installing twice
 * leaves one entry. A file that is not valid JSON is refused and left untouched; the new file replaces
 * the old one atomically.
 */
public final class HookInstaller {
    /** What was done: {@code updated} when a Bulwark entry was already there. */
    public record Installation(Agent agent, Path settingsFile, String event, String matcher, String command, boolean created,
                               boolean updated) {
    }

    public static Path defaultSettingsFile(Agent agent, Path projectDirectory) {
        return projectDirectory.resolve(AgentSettings.of(agent).defaultFile());
    }

    public Installation install(Agent agent, Path settingsFile, String command) {
        AgentSettings settings = AgentSettings.of(agent);
        Path file = settingsFile.toAbsolutePath().normalize();
        boolean exists = Files.exists(file);
        ObjectNode root = exists ? read(file) : AgentProtocol.JSON.createObjectNode();
        if (agent == Agent.CURSOR && !root.has("version")) root.put("version", 1);
        ArrayNode entries = eventEntries(root, settings.event(), file);
        Pattern ours = ownEntry(agent);
        boolean updated = settings.grouped() ? mergeGrouped(entries, settings, command, ours) : mergeFlat(entries, settings, command, ours);
        write(file, root, exists);
        return new Installation(agent, file, settings.event(), settings.matcher(), command, !exists, updated);
    }

    private static ObjectNode read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw BulwarkException.environment("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (text.isBlank()) return AgentProtocol.JSON.createObjectNode();
        JsonNode node;
        try {
            node = AgentProtocol.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw BulwarkException.usage(file + " is not valid JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + "); fix it or name another"
                    + " file with --settings. Nothing was written.");
        }
        if (!(node instanceof ObjectNode object)) {
            throw BulwarkException.usage(file + " does not hold a JSON object; nothing was written");
        }
        return object;
    }

    private static ArrayNode eventEntries(ObjectNode root, String event, Path file) {
        JsonNode hooks = root.get("hooks");
        if (hooks == null || hooks.isNull()) hooks = root.putObject("hooks");
        if (!(hooks instanceof ObjectNode hooksObject)) {
            throw BulwarkException.usage(file + ": \"hooks\" is not a JSON object; nothing was written");
        }
        JsonNode entries = hooksObject.get(event);
        if (entries == null || entries.isNull()) entries = hooksObject.putArray(event);
        if (!(entries instanceof ArrayNode array)) {
            throw BulwarkException.usage(file + ": \"hooks." + event + "\" is not a JSON array; nothing was written");
        }
        return array;
    }

    /** Claude Code, Codex CLI, Gemini CLI: {@code [{matcher, hooks: [handler...]}...]}. */
    private static boolean mergeGrouped(ArrayNode groups, AgentSettings settings, String command, Pattern ours) {
        boolean updated = false;
        for (JsonNode group : groups) {
            if (group.get("hooks") instanceof ArrayNode handlers) updated |= replaceOwn(handlers, settings, command, ours, updated);
        }
        if (updated) return true;
        for (JsonNode group : groups) {
            if (group instanceof ObjectNode g && settings.matcher().equals(text(g.get("matcher"))) && g.get("hooks") instanceof ArrayNode handlers) {
                handlers.add(settings.handler(command));
                return false;
            }
        }
        ObjectNode group = groups.addObject();
        group.put("matcher", settings.matcher());
        group.putArray("hooks").add(settings.handler(command));
        return false;
    }

    /** Cursor: {@code [handler...]}. */
    private static boolean mergeFlat(ArrayNode handlers, AgentSettings settings, String command, Pattern ours) {
        if (replaceOwn(handlers, settings, command, ours, false)) return true;
        handlers.add(settings.handler(command));
        return false;
    }

    /**
     * Replaces the first Bulwark entry for this agent with the current one and removes any further ones;
     * {@code alreadyKept}: one was kept in an earlier group, so every one here goes.
     */
    private static boolean replaceOwn(ArrayNode handlers, AgentSettings settings, String command, Pattern ours, boolean alreadyKept) {
        boolean kept = alreadyKept;
        boolean found = false;
        for (Iterator<JsonNode> it = handlers.iterator(); it.hasNext(); ) {
            JsonNode handler = it.next();
            if (!(handler instanceof ObjectNode h) || !ours.matcher(String.valueOf(text(h.get("command")))).find()) continue;
            found = true;
            if (kept) {
                it.remove();
                continue;
            }
            h.removeAll();
            h.setAll(settings.handler(command));
            kept = true;
        }
        return found;
    }

    /** A command that runs Bulwark's hook for this agent, whatever path or options it was installed with. */
    static Pattern ownEntry(Agent agent) {
        return Pattern.compile("bulwark.*\\shook\\s+" + Pattern.quote(agent.id()) + "(\\s|$)");
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static void write(Path file, ObjectNode root, boolean existed) {
        try {
            Files.createDirectories(file.getParent());
            Set<PosixFilePermission> permissions = existed ? permissions(file) : null;
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
            String json = AgentProtocol.JSON.writer(printer).writeValueAsString(root) + "\n";
            AtomicFiles.write(file, json.getBytes(StandardCharsets.UTF_8));
            if (permissions != null) Files.setPosixFilePermissions(file, permissions);
        } catch (IOException e) {
            throw BulwarkException.environment("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static Set<PosixFilePermission> permissions(Path file) {
        try {
            return Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }
}
