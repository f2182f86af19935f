package dev.ferry.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The mounts a compose file gives its services, read with a YAML parser (anchors, {@code <<} merges, flow lists, both
 * the short {@code SOURCE:TARGET[:MODE]} and the long syntax), for deciding what may be deleted. Read-only: editing
 * stays with {@link ComposeFile}, which keeps the user's formatting.
 */
public final class ComposeMounts {
    private static final Set<String> BIND_PREFIXES = Set.of("/", ".", "~");

    private final Map<String, Object> document;

    private ComposeMounts(Map<String, Object> document) {
        this.document = document;
    }

    /**
     * One mount. {@code source} is the host path of a bind mount as written, the compose key of a named volume, or
     * null for an anonymous volume; {@code spec} is how the compose file wrote it (for messages).
     */
    public record Mount(String service, boolean bind, String source, String target, boolean readOnly, String spec) {
    }

    public static ComposeMounts parse(String composeText) {
        Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(composeText);
        return new ComposeMounts(map(loaded));
    }

    public List<String> services() {
        return List.copyOf(map(document.get("services")).keySet());
    }

    public List<Mount> of(String service) {
        Object volumes = map(map(document.get("services")).get(service)).get("volumes");
        List<Mount> mounts = new ArrayList<>();
        if (volumes instanceof List<?> list) {
            for (Object item : list) {
                mount(service, item).ifPresent(mounts::add);
            }
        }
        return mounts;
    }

    /** A top-level volume declared {@code external: true}: compose did not create it, so it is never compose's to delete. */
    public boolean external(String volume) {
        Object external = map(map(document.get("volumes")).get(volume)).get("external");
        return Boolean.TRUE.equals(external) || external instanceof Map;
    }

    /** The top-level {@code name:}, which overrides the project name compose derives from the directory. */
    public Optional<String> projectName() {
        Object name = document.get("name");
        return name instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }

    private static Optional<Mount> mount(String service, Object item) {
        if (item instanceof String spec) {
            return Optional.of(shortSyntax(service, spec));
        }
        Map<String, Object> entry = map(item);
        Object target = entry.get("target");
        if (target == null) {
            return Optional.empty();
        }
        Object source = entry.get("source");
        String type = String.valueOf(entry.getOrDefault("type", source != null && isPath(source.toString())
                ? "bind" : "volume"));
        return Optional.of(new Mount(service, type.equals("bind"), source == null ? null : source.toString(),
                target.toString(), Boolean.TRUE.equals(entry.get("read_only")), entry.toString()));
    }

    /** {@code TARGET}, {@code SOURCE:TARGET} or {@code SOURCE:TARGET:MODE} (MODE a comma list such as {@code ro,z}). */
    private static Mount shortSyntax(String service, String spec) {
        String[] parts = spec.split(":", -1);
        if (parts.length == 1) {
            return new Mount(service, false, null, parts[0], false, spec);
        }
        boolean readOnly = parts.length > 2
                && List.of(parts[parts.length - 1].toLowerCase(Locale.ROOT).split(",")).contains("ro");
        String target = parts.length > 2 ? parts[parts.length - 2] : parts[1];
        String source = parts.length > 2 ? String.join(":", List.of(parts).subList(0, parts.length - 2)) : parts[0];
        return new Mount(service, isPath(source), source, target, readOnly, spec);
    }

    private static boolean isPath(String source) {
        return !source.isEmpty() && BIND_PREFIXES.contains(source.substring(0, 1));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
