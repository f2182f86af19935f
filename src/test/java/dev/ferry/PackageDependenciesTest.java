package dev.ferry;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule of docs/DESIGN.md, checked on the compiled classes: each package of {@code dev.ferry} may use
 * only the packages listed for it here (and the root, {@code ErrorCode}/{@code FerryException}/{@code Failures}), so
 * the engine never reaches an adapter and no package cycle can form. A new package must be given its place here.
 */
class PackageDependenciesTest {
    /** Package (relative to the root) to the packages it may use. Read it bottom-up: each line only looks down. */
    static final Map<String, Set<String>> ALLOWED = allowed();

    private static JavaClasses product;

    private static Map<String, Set<String>> allowed() {
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        allowed.put("plan", Set.of());
        allowed.put("state", Set.of());
        allowed.put("step", Set.of("plan"));
        allowed.put("engine", Set.of("step", "plan", "state"));
        allowed.put("host", Set.of("step", "plan", "state"));
        allowed.put("aws", Set.of("step", "plan", "state"));
        allowed.put("database", Set.of("step", "plan", "host"));
        allowed.put("steps", Set.of("step", "plan", "state", "host", "database"));
        allowed.put("doctor", Set.of("step", "plan", "state", "host", "database", "steps"));
        allowed.put("pictures", Set.of("plan", "state"));
        allowed.put("wiring", Set.of("step", "plan", "state", "engine", "host", "aws", "database", "steps"));
        allowed.put("sandbox.local", Set.of());
        allowed.put("sandbox.app", Set.of("state", "sandbox.local"));
        allowed.put("sandbox.aws", Set.of("sandbox.local", "sandbox.app"));
        allowed.put("sandbox.host", Set.of("plan", "sandbox.local", "sandbox.app"));
        // The rehearsal reaches the product through the wiring and the engine, never an adapter directly.
        allowed.put("sandbox", Set.of("plan", "state", "step", "engine", "steps", "wiring", "sandbox.local",
                "sandbox.app", "sandbox.aws", "sandbox.host", "pictures"));
        // The sandbox lives in its own source root and is reached only through ServiceLoader (wiring/Rehearsals).
        allowed.put("cli", Set.of("plan", "state", "step", "engine", "doctor", "wiring", "pictures"));
        return allowed;
    }

    @BeforeAll
    static void importProduct() {
        product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.ferry");
    }

    @Test
    void everyPackageUsesOnlyThePackagesBelowIt() {
        assertThat(violations(product, "dev.ferry", ALLOWED)).isEmpty();
    }

    @Test
    void noPackageCycle() {
        assertThat(cycles(product, "dev.ferry").hasViolation()).as(cycles(product, "dev.ferry").getFailureReport()
                .toString()).isFalse();
    }

    @Test
    void everyPackageHasItsPlaceInTheRule() {
        Set<String> packages = new TreeSet<>();
        for (JavaClass c : product) {
            if (c.getPackageName().startsWith("dev.ferry.")) {
                packages.add(c.getPackageName().substring("dev.ferry.".length()));
            }
        }
        assertThat(ALLOWED.keySet()).as("packages the rule places").containsAll(packages);
    }

    /**
     * The sandbox is a source root of its own ({@code src/sandbox/java}); no product source names it, and {@code ferry
     * demo} finds it through ServiceLoader. (The allowed map above already keeps every product package off it.)
     */
    @Test
    void theSandboxIsASourceRootThatTheProductNeverLinks() throws java.io.IOException {
        java.nio.file.Path main = java.nio.file.Path.of("src/main/java");
        try (var files = java.nio.file.Files.walk(main)) {
            List<String> naming = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> read(f).contains("dev.ferry.sandbox")).map(java.nio.file.Path::toString).toList();
            assertThat(naming).as("product sources naming the sandbox").isEmpty();
        }
        assertThat(java.nio.file.Files.isDirectory(main.resolve("dev/ferry/sandbox"))).isFalse();
        assertThat(dev.ferry.wiring.Rehearsals.installed()).get()
                .isInstanceOf(dev.ferry.sandbox.SandboxRehearsals.class);
    }

    private static String read(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theRuleItselfHasNoCycle() {
        for (String from : ALLOWED.keySet()) {
            assertThat(reachable(from)).as("packages " + from + " reaches through the rule").doesNotContain(from);
        }
    }

    /** The same rules on planted classes: an engine class importing an adapter, which imports the engine back. */
    @Test
    void theRulesFailOnAPlantedWrongWayImportAndCycle() {
        JavaClasses planted = new ClassFileImporter().importPackages("dev.ferry.archfixture");
        List<String> wrongWay = violations(planted, "dev.ferry.archfixture", ALLOWED);
        assertThat(wrongWay).hasSize(2);
        assertThat(wrongWay.get(0)).startsWith("engine may only use [plan, state, step], but:")
                .contains("PlantedRunner").contains("PlantedAdapter");
        assertThat(cycles(planted, "dev.ferry.archfixture").hasViolation()).isTrue();
    }

    /** One line per package whose classes use a product package the rule does not allow it. */
    static List<String> violations(JavaClasses classes, String root, Map<String, Set<String>> allowed) {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, Set<String>> entry : allowed.entrySet()) {
            String[] forbidden = allowed.keySet().stream()
                    .filter(p -> !p.equals(entry.getKey()) && !entry.getValue().contains(p))
                    .map(p -> root + "." + p).toArray(String[]::new);
            ArchRule rule = noClasses().that().resideInAPackage(root + "." + entry.getKey())
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden).allowEmptyShould(true);
            EvaluationResult result = rule.evaluate(classes);
            if (result.hasViolation()) {
                found.add(entry.getKey() + " may only use " + new TreeSet<>(entry.getValue()) + ", but:\n"
                        + String.join("\n", result.getFailureReport().getDetails()));
            }
        }
        return found;
    }

    static EvaluationResult cycles(JavaClasses classes, String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles().allowEmptyShould(true).evaluate(classes);
    }

    private static Set<String> reachable(String from) {
        Set<String> seen = new TreeSet<>();
        List<String> todo = new ArrayList<>(ALLOWED.get(from));
        while (!todo.isEmpty()) {
            String next = todo.remove(todo.size() - 1);
            if (seen.add(next)) {
                todo.addAll(ALLOWED.getOrDefault(next, Set.of()));
            }
        }
        return seen;
    }
}
