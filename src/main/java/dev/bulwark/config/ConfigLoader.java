package dev.bulwark.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import dev.bulwark.BulwarkException;

/**
 * Reads {@code bulwark.yaml}: binds it to the config records, expands {@code ${ENV}} in every
 * string, parses durations, and turns every mistake into one message naming file, line and key.
 */
public final class ConfigLoader {
    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) {
        this.env = env;
    }

    /** The config file to use: an explicit path, then BULWARK_CONFIG, then ./bulwark.yaml. */
    public Path locate(Path explicit) {
        if (explicit != null) {
            return explicit;
        }
        String fromEnv = env.get("BULWARK_CONFIG");
        return fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : Path.of("bulwark.yaml");
    }

    public BulwarkConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw BulwarkException.usage("config file " + file + " not found; pass --config FILE, set BULWARK_CONFIG, "
                    + "or create bulwark.yaml in the working directory");
        } catch (IOException e) {
            throw BulwarkException.usage("cannot read config file " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    public BulwarkConfig parse(String yaml, String fileName) {
        BulwarkConfig config;
        try {
            ObjectMapper mapper = mapper();
            JsonNode tree = mapper.readTree(yaml);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                throw BulwarkException.usage(fileName + ": the file is empty; see the configuration reference in README.md");
            }
            config = mapper.readValue(yaml, BulwarkConfig.class);
        } catch (JsonProcessingException e) {
            throw translate(e, yaml, fileName);
        }
        if (config == null) {
            throw BulwarkException.usage(fileName + ": the file is empty; see the configuration reference in README.md");
        }
        new ConfigValidator(fileName).validate(config);
        return config;
    }

    private static BulwarkException translate(JsonProcessingException ex, String yaml, String fileName) {
        MarkedYAMLException syntax = yamlSyntax(ex);
        if (syntax != null) {
            Mark mark = syntax.getProblemMark() != null ? syntax.getProblemMark() : syntax.getContextMark();
            String where = mark == null ? fileName + ": " : fileName + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) + ": ";
            return BulwarkException.usage(where + "not valid YAML: " + syntax.getProblem()
                    + (syntax.getContext() != null ? " (" + syntax.getContext() + ")" : ""));
        }
        try {
            throw ex;
        } catch (UnrecognizedPropertyException e) {
            return BulwarkException.usage(atKey(fileName, yaml, e.getPropertyName(), e.getLocation()) + "unknown key '"
                    + e.getPropertyName() + "'"
                    + under(e) + suggestion(e.getPropertyName(), e.getKnownPropertyIds())
                    + "; known keys here: " + known(e.getKnownPropertyIds()));
        } catch (MismatchedInputException e) {
            return BulwarkException.usage(at(fileName, e.getLocation()) + "key '" + keyPath(e) + "': "
                    + firstLine(e.getOriginalMessage()));
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            String message = cause == e ? firstLine(e.getOriginalMessage()) : cause.getMessage();
            return BulwarkException.usage(at(fileName, e.getLocation()) + "key '" + keyPath(e) + "': " + message);
        } catch (JsonProcessingException e) {
            return BulwarkException.usage(at(fileName, e.getLocation()) + "not valid YAML: "
                    + firstLine(e.getOriginalMessage()));
        }
    }

    private static MarkedYAMLException yamlSyntax(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException m) return m;
        }
        return null;
    }

    private ObjectMapper mapper() {
        EnvExpander expander = EnvExpander.of(env);
        SimpleModule module = new SimpleModule("bulwark-config");
        module.addDeserializer(String.class, new JsonDeserializer<>() {
            @Override
            public String deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                if (!p.currentToken().isScalarValue()) {
                    return (String) ctx.handleUnexpectedToken(String.class, p);
                }
                return expand(expander, p.getValueAsString(), ctx);
            }
        });
        module.addDeserializer(Duration.class, parsed(expander, "a duration such as 15m or 1h", DurationText::parse));
        module.addDeserializer(Path.class, new JsonDeserializer<>() {
            @Override
            public Path deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                return Path.of(expand(expander, p.getValueAsString(), ctx));
            }
        });
        module.addDeserializer(StoreLocation.class, parsed(expander, "a file path or a postgresql:// URL", StoreLocation::parse));
        return new ObjectMapper(new YAMLFactory())
                .registerModule(module)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
    }

    /** A scalar, ${ENV}-expanded, then parsed; a parse error names the key and line like any other. */
    private static <T> JsonDeserializer<T> parsed(EnvExpander expander, String expected, Function<String, T> parse) {
        return new JsonDeserializer<>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                if (!p.currentToken().isScalarValue()) {
                    throw JsonMappingException.from(p, "expected " + expected + ", not a list or map");
                }
                String text = expand(expander, p.getValueAsString(), ctx);
                try {
                    return parse.apply(text);
                } catch (IllegalArgumentException e) {
                    throw JsonMappingException.from(p, e.getMessage(), e);
                }
            }
        };
    }

    private static String expand(EnvExpander expander, String value, DeserializationContext ctx) throws IOException {
        try {
            return expander.expand(value);
        } catch (IllegalArgumentException e) {
            throw JsonMappingException.from(ctx.getParser(), e.getMessage(), e);
        }
    }

    private static String at(String file, JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return file + ": ";
        }
        return file + ":" + location.getLineNr() + ":" + location.getColumnNr() + ": ";
    }

    /**
     * Jackson reports where it stopped reading, which for YAML is often the line after the key;
     * the key itself is the nearest line at or before that which starts with it.
     */
    private static String atKey(String file, String yaml, String key, JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return file + ": ";
        }
        String[] lines = yaml.split("\n", -1);
        Pattern keyLine = Pattern.compile("^\\s*(-\\s+)?[\"']?" + Pattern.quote(key) + "[\"']?\\s*:");
        for (int i = Math.min(location.getLineNr(), lines.length); i >= 1; i--) {
            if (keyLine.matcher(lines[i - 1]).find()) {
                return file + ":" + i + ":" + (lines[i - 1].indexOf(key) + 1) + ": ";
            }
        }
        return at(file, location);
    }

    private static String under(JsonMappingException e) {
        List<JsonMappingException.Reference> path = e.getPath();
        String parent = keyPath(path.subList(0, Math.max(0, path.size() - 1)));
        return parent.isEmpty() ? " at the top level" : " under '" + parent + "'";
    }

    private static String keyPath(JsonMappingException e) {
        return keyPath(e.getPath());
    }

    private static String keyPath(List<JsonMappingException.Reference> path) {
        return path.stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String suggestion(String key, Collection<Object> known) {
        return known.stream().map(Object::toString)
                .filter(k -> editDistance(k, key) <= 2)
                .min(Comparator.comparingInt(k -> editDistance(k, key)))
                .map(k -> " (did you mean '" + k + "'?)")
                .orElse("");
    }

    private static String known(Collection<Object> known) {
        return known.stream().map(Objects::toString).sorted().collect(Collectors.joining(", "));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid value";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
