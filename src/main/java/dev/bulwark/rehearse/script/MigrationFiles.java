package dev.bulwark.rehearse.script;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.bulwark.BulwarkException;

/**
 * Reads what a rehearsal runs: one SQL file, or a directory of Flyway migrations (searched recursively,
 * as Flyway does). Anything that cannot be read is a usage error naming the file, before a backup is
 * restored or a statement runs.
 */
public final class MigrationFiles {
    private MigrationFiles() {
    }

    public static MigrationSet load(Path input) {
        if (Files.isDirectory(input)) return directory(input);
        if (!Files.exists(input)) {
            throw BulwarkException.usage("no migration file or directory " + input);
        }
        return new MigrationSet(List.of(read(input, input.toString(), null, 1)), List.of());
    }

    private static MigrationSet directory(Path dir) {
        List<Path> files;
        try (Stream<Path> all = Files.walk(dir)) {
            files = all.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw BulwarkException.usage("cannot list migrations in " + dir + ": " + e.getMessage());
        }
        Map<FlywayName, Path> found = new TreeMap<>(FlywayName.ORDER);
        List<String> ignored = new ArrayList<>();
        for (Path f : files) {
            FlywayName name = FlywayName.parse(f.getFileName().toString());
            if (name == null) {
                ignored.add(dir.relativize(f).toString());
                continue;
            }
            Path clash = found.putIfAbsent(name, f);
            if (clash != null) {
                throw BulwarkException.usage("migrations " + dir.relativize(clash) + " and " + dir.relativize(f)
                        + " have the same " + (name.isRepeatable() ? "description" : "version " + name.version())
                        + "; Flyway would refuse them too. Give one of them another version");
            }
        }
        if (found.isEmpty()) {
            throw BulwarkException.usage("no Flyway migrations (V<version>__<description>.sql) in " + dir
                    + (ignored.isEmpty() ? "" : "; found only " + ignored));
        }
        List<Migration> migrations = new ArrayList<>();
        int next = 1;
        for (Map.Entry<FlywayName, Path> e : found.entrySet()) {
            Migration m = read(e.getValue(), dir.relativize(e.getValue()).toString(), e.getKey().version(), next);
            next += m.statements().size();
            migrations.add(m);
        }
        ignored.sort(Comparator.naturalOrder());
        return new MigrationSet(migrations, ignored);
    }

    private static Migration read(Path file, String name, String version, int firstNumber) {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw BulwarkException.usage(name + " is not UTF-8 text (" + e.getMessage() + "); save it as UTF-8");
        } catch (IOException e) {
            throw BulwarkException.usage("cannot read " + name + ": " + e.getMessage());
        }
        if (text.startsWith("\uFEFF")) text = " " + text.substring(1); // a byte order mark, kept as a space so offsets hold
        return new Migration(name, version, ScriptSplitter.split(name, text, firstNumber));
    }
}
