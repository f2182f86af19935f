package dev.ferry.pictures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.cli.Ferry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every ```mermaid block of runbooks/*.md and of a generated runbook, parsed by the real Mermaid parser (the pinned
 * npm package in src/test/mermaid) in one headless chromium. A block the parser refuses fails with its error.
 */
class MermaidBlocksTest {
    static final Path MERMAID_DIR = Path.of("src", "test", "mermaid");
    static final Path MERMAID_JS = MERMAID_DIR.resolve("node_modules/mermaid/dist/mermaid.min.js");
    private static final Pattern BLOCK = Pattern.compile("```mermaid\n(.*?)```", Pattern.DOTALL);
    private static final Pattern RESULT = Pattern.compile("<li data-block=\"(\\d+)\">(OK|ERR)([^<]*)</li>");

    @TempDir
    Path dir;

    @Test
    void everyMermaidBlockOfTheRunbooksParses() throws Exception {
        Map<String, String> blocks = new LinkedHashMap<>();
        try (Stream<Path> pages = Files.list(Path.of("runbooks"))) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                blocks.putAll(blocks(page.toString(), Files.readString(page)));
            }
        }
        Path generated = dir.resolve("runbook.md");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Ferry.run(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err), false, "runbook", "plans/redash.yaml", "--state-dir", dir.resolve("state").toString(),
                "--out", generated.toString());
        assertThat(exit).as(err.toString()).isZero();
        blocks.putAll(blocks("generated runbook", Files.readString(generated)));
        var odd = TopologyTest.oddlyNamed(dir);
        for (String step : dev.ferry.plan.StepIds.ALL) {
            blocks.putAll(blocks("odd names, " + step, TopologySection.markdown(odd, step, "## Topology")));
        }
        assertThat(blocks).as("blocks found").hasSizeGreaterThanOrEqualTo(54);

        Map<String, String> results = parse(new ArrayList<>(blocks.values()), dir);
        List<String> names = new ArrayList<>(blocks.keySet());
        List<String> refused = new ArrayList<>();
        results.forEach((i, error) -> refused.add(names.get(Integer.parseInt(i)) + ": " + error));
        assertThat(refused).as("blocks the Mermaid parser refused").isEmpty();
    }

    /** The parser refuses a broken block: the check itself can fail. */
    @Test
    void aBrokenBlockIsReported() throws Exception {
        Map<String, String> results = parse(List.of("flowchart LR\n  a[\"ok\"] --> b\n", "flowchart LR\n  a[\"x --> b\n"), dir);
        assertThat(results).containsOnlyKeys("1");
        assertThat(results.get("1")).contains("Parse error");
    }

    static Map<String, String> blocks(String source, String markdown) {
        Map<String, String> found = new LinkedHashMap<>();
        Matcher m = BLOCK.matcher(markdown);
        for (int i = 1; m.find(); i++) {
            found.put(source + " block " + i, m.group(1));
        }
        return found;
    }

    /**
     * The pinned mermaid package (package-lock.json), installed with {@code npm ci} on first use, so that `mvn -B
     * verify` on a fresh clone needs only npm on the machine, as README says, and not a step of .ci/run.
     */
    private static synchronized void installMermaid() throws IOException, InterruptedException {
        if (Files.isRegularFile(MERMAID_JS)) {
            return;
        }
        Process npm;
        try {
            npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(MERMAID_DIR.toFile())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("npm is not on the PATH, so the pinned mermaid package in " + MERMAID_DIR + " cannot be installed:"
                    + " apt-get install npm (" + e.getMessage() + ")");
            return;
        }
        String output = new String(npm.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (npm.waitFor() != 0 || !Files.isRegularFile(MERMAID_JS)) {
            fail("`npm ci` in " + MERMAID_DIR + " did not install " + MERMAID_JS + ":\n" + output);
        }
    }

    /** Parses every text in one browser start; returns block index to error for the ones refused. */
    static Map<String, String> parse(List<String> texts, Path dir) throws IOException, InterruptedException {
        installMermaid();
        String json = new ObjectMapper().writeValueAsString(texts).replace("</", "<\\/");
        Path page = dir.resolve("mermaid-check.html");
        Files.writeString(page, "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                + "<script src=\"" + MERMAID_JS.toAbsolutePath().toUri() + "\"></script></head><body><ol id=\"results\"></ol>"
                + "<script>const blocks = " + json + ";\n"
                + "mermaid.initialize({startOnLoad: false});\n"
                + "(async () => { const out = document.getElementById('results');\n"
                + "  for (let i = 0; i < blocks.length; i++) { const li = document.createElement('li');\n"
                + "    li.setAttribute('data-block', i);\n"
                + "    try { await mermaid.parse(blocks[i]); li.textContent = 'OK'; }\n"
                + "    catch (e) { li.textContent = 'ERR ' + String(e && e.message || e).replace(/\\s+/g, ' '); }\n"
                + "    out.appendChild(li); }\n"
                + "  document.body.setAttribute('data-done', 'yes'); })();</script></body></html>");
        String dom = HeadlessChromium.dumpDom(page, 20_000);
        assertThat(dom).as("the check page finished").contains("data-done=\"yes\"");
        Map<String, String> refused = new LinkedHashMap<>();
        int seen = 0;
        Matcher m = RESULT.matcher(dom);
        while (m.find()) {
            seen++;
            if (m.group(2).equals("ERR")) {
                refused.put(m.group(1), m.group(3).trim());
            }
        }
        assertThat(seen).as("results on the check page").isEqualTo(texts.size());
        return refused;
    }
}
