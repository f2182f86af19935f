package dev.ferry.plan;

import dev.ferry.FerryException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Loads a plan file: parses the YAML keeping every node's position, interpolates {@code ${env:...}}, binds the model
 * and checks it whole. Either every check passes, or a {@link PlanInvalidException} lists every problem found.
 */
public final class PlanLoader {
    private static final String UNDEFINED_ALIAS = "found undefined alias";
    private final Map<String, String> environment;

    /** A loader that interpolates from the process environment. */
    public PlanLoader() {
        this(System.getenv());
    }

    /** A loader that interpolates {@code ${env:NAME}} from {@code environment}. */
    public PlanLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    }

    /**
     * Reads and validates the plan at {@code file}.
     *
     * @throws PlanInvalidException listing every problem, when the plan is not valid
     * @throws FerryException (INVALID_INPUT) when the file is missing, a directory or unreadable
     */
    public LoadedPlan load(Path file) {
        return load(PlanText.read(file), file);
    }

    /** Validates plan text; {@code nameForMessages} is the file name problems are reported against. */
    public LoadedPlan load(String text, Path nameForMessages) {
        Problems problems = new Problems(nameForMessages);
        Node root = parse(text, problems);
        problems.throwIfAny();
        if (root == null) {
            problems.add(Location.START, "the plan file is empty; expected a map with name, source, compose, target"
                    + " and steps");
            problems.throwIfAny();
        }
        LoadContext ctx = new LoadContext(problems, new Interpolation(environment));
        Plan plan = YamlMap.of(ctx, "", Location.of(root.getStartMark()), root,
                        "a map with name, source, compose, target and steps")
                .map(map -> new PlanBinder(ctx).bind(map)).orElse(null);
        if (plan != null) {
            new PlanRules(ctx).check(plan);
        }
        problems.throwIfAny();
        return new LoadedPlan(plan, nameForMessages, PlanDigest.sha256(plan));
    }

    private static Node parse(String text, Problems problems) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported by the binder, with both lines
        try {
            return new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            problems.add(Location.of(e.getProblemMark()), "invalid YAML: " + describe(e));
        } catch (YAMLException e) {
            problems.add(Location.START, "invalid YAML: " + e.getMessage());
        }
        return null;
    }

    /** SnakeYAML's wording for the mistakes people make most, restated with what to do. */
    private static String describe(MarkedYAMLException e) {
        String problem = String.valueOf(e.getProblem());
        if (problem.contains("(TAB)")) {
            return "a tab character where YAML expects spaces; indent with spaces only";
        }
        if (problem.startsWith(UNDEFINED_ALIAS)) {
            String name = problem.substring(UNDEFINED_ALIAS.length()).trim();
            return "alias *" + name + " names no anchor; define &" + name + " earlier in the file, or fix the spelling";
        }
        if ("expected a single document in the stream".equals(e.getContext())) {
            return "a second document starts here; a plan file holds one plan, so put each plan in its own file";
        }
        return problem + (e.getContext() == null ? "" : " (" + e.getContext() + ")");
    }
}
