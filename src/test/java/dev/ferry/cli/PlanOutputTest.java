package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.state.Json;
import dev.ferry.testing.FerryCli;
import dev.ferry.testing.OutputSchemas;
import dev.ferry.testing.FerryCli.Result;
import dev.ferry.wiring.Wiring;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry plan}: the summary, symbols, colour, width, {@code --detail}, ASCII under LANG=C, and its JSON. */
class PlanOutputTest {
    private static final String ESC = "\u001b[";
    @TempDir Path dir;

    private Result plan(Map<String, String> env, Charset charset, boolean terminal, String... extra) {
        List<String> args = new ArrayList<>(List.of("plan", "plans/redash.yaml", "--state-dir", dir.toString()));
        args.addAll(List.of(extra));
        Result r = FerryCli.ferry(Wiring.real(), env, charset, terminal, args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        return r;
    }

    private Result plan(String... extra) {
        return plan(Map.of(), StandardCharsets.UTF_8, false, extra);
    }

    private JsonNode json() throws Exception {
        return Json.mapper().readTree(plan("--output", "json").out());
    }

    @Test
    void theSummaryCountsTheEffectsOfTheStepsToApplyByKind() throws Exception {
        Map<String, Integer> counted = new HashMap<>();
        for (JsonNode step : json().get("steps")) {
            for (JsonNode action : step.get("actions")) {
                for (JsonNode effect : action.get("effects")) {
                    counted.merge(effect.get("change").asText(), 1, Integer::sum);
                    assertThat(effect.get("change").asText()).as(effect.get("text").asText())
                            .isEqualTo(expectedChange(effect));
                }
            }
        }
        assertThat(counted.get("create")).isPositive();
        assertThat(counted.get("remote_command")).isPositive();
        assertThat(counted.get("dns")).isPositive();
        String out = plan(Map.of("COLUMNS", "200"), StandardCharsets.UTF_8, false).out();
        List<String> summaries = out.lines().filter(l -> l.startsWith("Plan: ")).toList();
        assertThat(summaries).as("a summary at the top and at the end").hasSize(2).allMatch(summaries.get(0)::equals);
        String line = summaries.get(0);
        assertThat(line).startsWith("Plan: 9 steps, ");
        assertThat(number(line, "to create")).isEqualTo(counted.get("create"));
        assertThat(number(line, "to modify")).isEqualTo(counted.getOrDefault("modify", 0));
        assertThat(number(line, "to delete")).isEqualTo(counted.getOrDefault("delete", 0));
        assertThat(number(line, "remote commands?")).isEqualTo(counted.get("remote_command"));
        assertThat(number(line, "DNS changes?")).isEqualTo(counted.get("dns"));
        assertThat(number(line, "file edits?")).isEqualTo(counted.get("file_edit"));
        assertThat(json().get("summary").get("text").asText()).isEqualTo(line);
    }

    /** The rule written again from the operation names, so a wrong classification fails here. */
    private static String expectedChange(JsonNode effect) {
        String kind = effect.get("kind").asText();
        if (!kind.equals("aws_call")) {
            return Map.of("remote_command", "remote_command", "dns_change", "dns", "file_edit", "file_edit",
                    "local_command", "local_command", "check", "none", "wait", "none").get(kind);
        }
        String op = effect.get("operation").asText();
        if (op.matches("(Create|Register|Authorize)[A-Za-z]+|PutParameter")) {
            return "create";
        }
        return op.matches("(Delete|Deregister|Revoke)[A-Za-z]+") ? "delete" : "modify";
    }

    private static int number(String line, String what) {
        Matcher m = Pattern.compile("(\\d+) " + what + "[,.]").matcher(line);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    @Test
    void noLineIsWiderThanTheTerminalWithoutDetailAndNothingIsCutSilently() {
        for (int width : List.of(100, 60)) {
            Map<String, String> env = width == 100 ? Map.of() : Map.of("COLUMNS", String.valueOf(width));
            String out = plan(env, StandardCharsets.UTF_8, false).out();
            assertThat(out.lines()).as("at %d columns", width).allSatisfy(l ->
                    assertThat(TextWidth.of(l)).as(l).isLessThanOrEqualTo(width));
            assertThat(out).containsPattern("\\(\\d+ more lines, --detail\\)");
            assertThat(out.replaceAll("\n +", " ")).contains("ferry plan --detail shows them whole");
        }
        assertThat(plan("--detail").out().lines()).as("--detail keeps commands whole")
                .anyMatch(l -> l.length() > 300);
    }

    @Test
    void detailShowsEveryCommandOfApplyAndRollbackWhole() throws Exception {
        String out = plan("--detail").out();
        List<String> lines = out.lines().toList();
        int effects = 0;
        for (JsonNode step : json().get("steps")) {
            for (String phase : List.of("actions", "rollback")) {
                for (JsonNode action : step.get(phase)) {
                    assertThat(lines).anyMatch(l -> l.startsWith("     - " + action.get("name").asText()));
                    for (JsonNode effect : action.get("effects")) {
                        String text = effect.get("text").asText();
                        assertThat(out).as(text).contains(" " + text + "\n");
                        effects++;
                    }
                }
            }
        }
        assertThat(effects).isGreaterThan(250);
        assertThat(plan("--detail").out()).doesNotContain("--detail)");
    }

    @Test
    void colourOnlyOnATerminalWithoutNoColorOrNoColorFlag() {
        assertThat(plan(Map.of(), StandardCharsets.UTF_8, true).out()).as("a terminal gets colour").contains(ESC);
        assertThat(plan(Map.of("NO_COLOR", ""), StandardCharsets.UTF_8, true).out()).doesNotContain(ESC);
        assertThat(plan(Map.of("NO_COLOR", "1"), StandardCharsets.UTF_8, true).out()).doesNotContain(ESC);
        assertThat(plan(Map.of(), StandardCharsets.UTF_8, true, "--no-color").out()).doesNotContain(ESC);
        assertThat(plan(Map.of(), StandardCharsets.UTF_8, false).out()).doesNotContain(ESC);
    }

    @Test
    void aNonUnicodeLocaleGetsOnlyAscii() {
        String utf8 = plan("--detail").out();
        assertThat(utf8).as("the flagship plan has arrows to lose").contains("→");
        for (String[] extra : List.of(new String[0], new String[] {"--detail"})) {
            String ascii = plan(Map.of(), StandardCharsets.US_ASCII, true, extra).out();
            String unicode = plan(Map.of(), StandardCharsets.UTF_8, true, extra).out();
            assertThat(ascii.chars()).as("only ASCII").allMatch(c -> c < 0x80);
            // no character was lost as '?': the only ones are the commands' own (`rc=$?`)
            assertThat(ascii).contains(" -> ");
            assertThat(ascii.chars().filter(c -> c == '?').count()).as("question marks")
                    .isEqualTo(unicode.chars().filter(c -> c == '?').count());
            assertThat(extra.length == 0 || ascii.contains("A ALIAS -> <alb dns name>")).isTrue();
        }
        Result status = FerryCli.ferry(Wiring.real(), Map.of(), StandardCharsets.US_ASCII, false, "status",
                "plans/redash.yaml", "--state-dir", dir.toString());
        assertThat(status.out().chars()).allMatch(c -> c < 0x80);
    }

    @Test
    void theJsonHasAFormatVersionStructuredEffectsAndMatchesItsSchema() throws Exception {
        String out = plan("--output", "json").out();
        assertThat(OutputSchemas.check("plan-output", out)).isEmpty();
        JsonNode doc = Json.mapper().readTree(out);
        assertThat(doc.get("format_version").asText()).isEqualTo("1.0");
        List<JsonNode> effects = new ArrayList<>();
        doc.get("steps").forEach(s -> s.get("actions").forEach(a -> a.get("effects").forEach(effects::add)));
        JsonNode db = effects.stream().filter(e -> e.path("operation").asText().equals("CreateDBInstance")).findFirst()
                .orElseThrow();
        assertThat(db.get("service").asText()).isEqualTo("rds");
        assertThat(db.get("parameters").get("DBInstanceClass").asText()).isNotBlank();
        JsonNode ssh = effects.stream().filter(e -> e.get("kind").asText().equals("remote_command")).findFirst()
                .orElseThrow();
        assertThat(ssh.get("host").asText()).isEqualTo("redash-ec2.internal.example.com");
        assertThat(ssh.get("command").asText()).isEqualTo(ssh.get("text").asText());
        JsonNode dns = effects.stream().filter(e -> e.get("kind").asText().equals("dns_change")).findFirst()
                .orElseThrow();
        assertThat(dns.get("parameters").get("Action").asText()).isEqualTo("UPSERT");
        for (JsonNode effect : effects) {
            effect.path("parameters").fields().forEachRemaining(p -> {
                if (p.getValue().isTextual()) {
                    assertThat(effect.get("text").asText()).as("the JSON shows no value the text does not")
                            .contains(p.getValue().asText());
                }
            });
        }
        assertThat(OutputSchemas.check("plan-output", "{\"format_version\": \"1.0\"}")).as("the schema bites")
                .isNotEmpty();
    }
}
