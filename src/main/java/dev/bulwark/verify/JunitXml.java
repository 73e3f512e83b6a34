package dev.bulwark.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.bulwark.BulwarkException;

/** A verification as JUnit XML, one test case per check, for CI systems that chart test results. */
public final class JunitXml {
    private JunitXml() {}

    public static String render(VerificationReport r) {
        long failures = r.failures().size();
        double seconds = Duration.between(r.startedAt(), r.finishedAt()).toMillis() / 1000.0;
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<testsuites name=\"bulwark verify\" tests=\"").append(r.checks().size()).append("\" failures=\"")
                .append(failures).append("\" time=\"").append(seconds).append("\">\n");
        sb.append("  <testsuite name=\"").append(esc("bulwark verify " + r.database() + " " + r.backupId())).append("\" tests=\"")
                .append(r.checks().size()).append("\" failures=\"").append(failures).append("\" errors=\"0\" skipped=\"0\" time=\"")
                .append(seconds).append("\" timestamp=\"").append(r.startedAt()).append("\">\n");
        for (CheckResult c : r.checks()) {
            sb.append("    <testcase classname=\"").append(esc("bulwark." + r.database() + "." + c.group())).append("\" name=\"")
                    .append(esc(c.name())).append("\"");
            if (c.passed()) {
                sb.append("/>\n");
            } else {
                sb.append(">\n      <failure message=\"").append(esc(c.message())).append("\" type=\"").append(esc(c.group()))
                        .append("\">").append(esc("expected: " + c.expected() + "\nfound: " + c.found() + "\n" + c.message()))
                        .append("</failure>\n    </testcase>\n");
            }
        }
        sb.append("  </testsuite>\n</testsuites>\n");
        return sb.toString();
    }

    public static void write(VerificationReport r, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.writeString(file, render(r), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw BulwarkException.usage("cannot write JUnit report " + file + ": " + e.getMessage());
        }
    }

    private static String esc(String s) {
        if (s == null) return "";
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\n' -> out.append("&#10;");
                case '\t' -> out.append("&#9;");
                default -> {
                    if (ch < 0x20 || ch == '\uFFFE' || ch == '\uFFFF') out.append("&#xFFFD;");
                    else out.append(ch);
                }
            }
        }
        return out.toString();
    }
}
