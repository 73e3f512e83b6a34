package dev.bulwark.hooks.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bulwark.hooks.shell.Script.Group;
import dev.bulwark.hooks.shell.Script.GroupKind;
import dev.bulwark.hooks.shell.Script.Node;
import dev.bulwark.hooks.shell.Script.Pipeline;
import dev.bulwark.hooks.shell.Script.SimpleCommand;
import dev.bulwark.hooks.shell.Word.Part;

class ShellParserTest {

    /** Every simple command, in order, as its words' text; substitutions' commands after their own. */
    private static List<String> commands(String text) {
        List<String> out = new ArrayList<>();
        collect(ShellParser.parse(text), out);
        return out;
    }

    private static void collect(Script script, List<String> out) {
        for (Node n : script.nodes()) collect(n, out);
    }

    private static void collect(Node node, List<String> out) {
        switch (node) {
            case SimpleCommand c -> {
                out.add(String.join(" ", c.words().stream().map(Word::text).toList()));
                for (Word w : c.words()) {
                    for (Part p : w.parts()) {
                        if (p instanceof Part.Substitution s) collect(s.script(), out);
                    }
                }
            }
            case Pipeline p -> p.stages().forEach(s -> collect(s, out));
            case Group g -> collect(g.body(), out);
        }
    }

    private static SimpleCommand only(String text) {
        Script s = ShellParser.parse(text);
        assertThat(s.nodes()).hasSize(1);
        return (SimpleCommand) s.nodes().get(0);
    }

    @Test
    void quotingIsRemovedAndRemembered() {
        SimpleCommand c = only("psql -c 'DROP TABLE \"Users\"' \"a b\"\\ c $'x\\ty' terr'a'form");
        assertThat(c.words().stream().map(Word::text)).containsExactly("psql", "-c", "DROP TABLE \"Users\"", "a b c", "x\ty",
                "terraform");
        assertThat(c.words().get(0).isPlain()).isTrue();
        assertThat(c.words().get(2).isPlain()).isFalse();
    }

    @Test
    void listsPipelinesAndGroupsAreSplitIntoCommands() {
        assertThat(commands("a && b || c; d & e\nf | g |& h")).containsExactly("a", "b", "c", "d", "e", "f", "g", "h");
        assertThat(commands("(cd x && rm y); { z; }")).containsExactly("cd x", "rm y", "z");
        Script s = ShellParser.parse("(a) | { b; }");
        Pipeline p = (Pipeline) s.nodes().get(0);
        assertThat(((Group) p.stages().get(0)).kind()).isEqualTo(GroupKind.SUBSHELL);
        assertThat(((Group) p.stages().get(1)).kind()).isEqualTo(GroupKind.BRACE);
    }

    @Test
    void compoundCommandsAndFunctionsExposeTheirBodies() {
        assertThat(commands("if a; then b; elif c; then d; else e; fi")).containsExactly("a", "b", "c", "d", "e");
        assertThat(commands("for t in x y; do drop $t; done")).containsExactly("for t in x y", "drop $t");
        assertThat(commands("while read l; do echo $l; done < f")).containsExactly("read l", "echo $l");
        assertThat(commands("case $x in a|b) one;; *) two;; esac")).containsExactly("case $x", "one", "two");
        assertThat(commands("f() { rm -rf x; }; function g { dropdb y; }")).containsExactly("rm -rf x", "dropdb y");
        assertThat(commands("[[ -f x && $(id -u) -eq 0 ]] && ok")).containsExactly("[[ -f x $(...) -eq 0", "id -u", "ok");
        assertThat(commands("(( i++ )); echo $((1 + 2))")).containsExactly(":", "echo $((1 + 2))");
    }

    @Test
    void substitutionsAreParsedToo() {
        assertThat(commands("echo $(dropdb app) `terraform destroy` \"$(rm -rf /)\" <(cat x)"))
                .containsExactly("echo $(...) $(...) $(...) $(...)", "dropdb app", "terraform destroy", "rm -rf /", "cat x");
        assertThat(commands("echo $(echo $(echo deep))")).containsExactly("echo $(...)", "echo $(...)", "echo deep");
    }

    @Test
    void hereDocumentsKeepTheirBodies() {
        SimpleCommand c = only("psql app <<EOF\nDROP TABLE $t;\nEOF");
        Redirect r = c.redirects().get(0);
        assertThat(r.op()).isEqualTo("<<");
        assertThat(r.hereDocument().body().text()).isEqualTo("DROP TABLE $t;\n");
        assertThat(r.hereDocument().body().parts()).anyMatch(p -> p instanceof Part.Parameter);

        SimpleCommand quoted = only("cat <<-'END'\n\tliteral $x\n\tEND");
        assertThat(quoted.redirects().get(0).hereDocument().body().text()).isEqualTo("literal $x\n");
        assertThat(quoted.redirects().get(0).hereDocument().body().parts()).allMatch(p -> p instanceof Part.Literal);

        assertThat(commands("cat <<A | psql; echo after\nbody\nA\nls")).containsExactly("cat", "psql", "echo after", "ls");
    }

    @Test
    void redirectionsAreNotWords() {
        SimpleCommand c = only("cmd 2>&1 >out.txt <in.sql 3<>rw &>>all <<<'DROP TABLE x'");
        assertThat(c.words().stream().map(Word::text)).containsExactly("cmd");
        assertThat(c.redirects().stream().map(r -> r.fd() + r.op())).containsExactly("2>&", ">", "<", "3<>", "&>>", "<<<");
        assertThat(c.redirects().get(5).target().text()).isEqualTo("DROP TABLE x");
    }

    @Test
    void commentsContinuationsAndExpansionsAreHandled() {
        assertThat(commands("ls # rm -rf /\necho a\\\nb")).containsExactly("ls", "echo ab");
        SimpleCommand c = only("echo ${HOME}/x ${DB:-app} ~/y a#b");
        assertThat(c.words().get(1).parts().get(0)).isEqualTo(new Part.Parameter("HOME", null, false));
        assertThat(c.words().get(2).parts().get(0)).isEqualTo(new Part.Parameter("DB", "app", false));
        assertThat(c.words().get(3).parts().get(0)).isEqualTo(new Part.Tilde(""));
        assertThat(c.words().get(4).text()).isEqualTo("a#b");
    }

    @Test
    void inputNoShellWouldRunIsRejected() {
        for (String bad : List.of("echo 'open", "echo \"open", "echo $(open", "echo `open", "a | ", "echo )", "if true; then x",
                "{ x; ", "a && && b", "echo ${open")) {
            assertThatThrownBy(() -> ShellParser.parse(bad)).as(bad).isInstanceOf(ShellSyntaxException.class);
        }
    }

    @Test
    void hostileNestingIsBounded() {
        assertThatThrownBy(() -> ShellParser.parse("$(".repeat(500) + "x" + ")".repeat(500)))
                .isInstanceOf(ShellSyntaxException.class).hasMessageContaining("nested too deeply");
    }
}
