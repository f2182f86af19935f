package dev.ferry.host;

import dev.ferry.Failures;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compose file edited line by line, so comments, anchors, quoting and indentation of everything not touched stay
 * byte for byte. Works for {@code version: "2"} docker-compose.yml files and modern compose.yaml files (any indent
 * width); both keep services under a top-level {@code services:} key.
 */
public final class ComposeFile {
    private static final Pattern SERVICES_KEY = Pattern.compile("^services:\\s*(#.*)?$");
    private static final Pattern KEY = Pattern.compile("^\\s*([\"']?)([A-Za-z0-9._-]+)\\1:(.*)$");
    private static final Pattern IMAGE_REFERENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@-]*");
    private static final Pattern IMAGE = Pattern.compile("^(\\s*image:\\s*)([\"']?)([^\"'#\\s]+)\\2(\\s*(#.*)?)$");
    private static final Pattern COMMAND = Pattern.compile("^(\\s*command:)(.*?)(\\s+#.*)?$");
    /** What ferry writes as a command: words of letters, digits and {@code -_.=/:,}; nothing a shell or YAML reads specially. */
    private static final Pattern PLAIN_COMMAND = Pattern.compile("[A-Za-z0-9_./:=,-]+( [A-Za-z0-9_./:=,-]+)*");

    private final List<String> lines;

    private ComposeFile(List<String> lines) {
        this.lines = List.copyOf(lines);
    }

    public static ComposeFile parse(String text) {
        return new ComposeFile(TextLines.split(text));
    }

    public String text() {
        return TextLines.join(lines);
    }

    public List<String> services() {
        Section services = servicesSection();
        List<String> names = new ArrayList<>();
        for (int i = services.start(); i < services.end(); i++) {
            if (isKeyAt(i, services.childIndent())) {
                names.add(keyName(lines.get(i)));
            }
        }
        return names;
    }

    public boolean hasService(String service) {
        return services().contains(service);
    }

    public Optional<String> image(String service) {
        return imageLine(block(service)).map(i -> imageMatcher(i).group(3));
    }

    /** The same file with the service's {@code image:} value replaced (quoting and inline comment kept). */
    public ComposeFile withImage(String service, String image) {
        if (!IMAGE_REFERENCE.matcher(image).matches()) {
            throw Failures.input("image \"" + image.replace("\n", "\\n") + "\" is not an image reference (name[:tag]"
                    + "[@digest]); written into the compose file it would change more than the image",
                    "Fix upgrade-local-postgres.image in the plan");
        }
        Section block = block(service);
        int index = imageLine(block).orElseThrow(() -> new IllegalArgumentException("service " + service
                + " has no image: line of its own (it may come from an anchor); set the image by hand"));
        Matcher m = imageMatcher(index);
        List<String> out = new ArrayList<>(lines);
        out.set(index, TextLines.replaceContent(lines.get(index), m.group(1) + m.group(2) + image + m.group(2) + m.group(4)));
        return new ComposeFile(out);
    }

    /**
     * The service's {@code command:} value as written on its line (quotes kept, inline comment dropped): empty when
     * the service has none; {@code ""} when the value is on the following lines (a block list).
     */
    public Optional<String> command(String service) {
        return commandLine(block(service)).map(i -> commandMatcher(i).group(2).strip());
    }

    /**
     * The same file with the service's {@code command:} set to {@code command} (a plain command line: words of
     * letters, digits and {@code -_.=/:,}), replacing a one-line value or added after its {@code image:} line.
     */
    public ComposeFile withCommand(String service, String command) {
        if (!PLAIN_COMMAND.matcher(command).matches()) {
            throw new IllegalArgumentException("command \"" + command.replace("\n", "\\n") + "\" is not plain words;"
                    + " written into the compose file it would change more than the command");
        }
        Section block = block(service);
        List<String> out = new ArrayList<>(lines);
        Optional<Integer> existing = commandLine(block);
        if (existing.isPresent()) {
            Matcher m = commandMatcher(existing.get());
            if (m.group(2).isBlank()) {
                throw new IllegalArgumentException("service " + service + " has a command: list on the lines below"
                        + " it; change it by hand");
            }
            String comment = m.group(3) == null ? "" : m.group(3);
            out.set(existing.get(), TextLines.replaceContent(lines.get(existing.get()), m.group(1) + " " + command + comment));
            return new ComposeFile(out);
        }
        int after = imageLine(block).orElse(block.start());
        String terminator = TextLines.terminator(lines.get(after));
        if (terminator.isEmpty()) {
            out.set(after, lines.get(after) + "\n");
        }
        out.add(after + 1, " ".repeat(block.childIndent()) + "command: " + command + terminator);
        return new ComposeFile(out);
    }

    /**
     * The service's {@code ports:} entries as written, unquoted ({@code 5000:5000}, {@code 10.0.1.5:5432:5432}).
     * Refused (IllegalArgumentException) when they cannot be read for sure: the long syntax, or a {@code <<:} merge.
     */
    public List<String> ports(String service) {
        Section block = block(service);
        return new ComposePorts(lines, block.start(), block.end(), block.childIndent()).entries();
    }

    /** The same file with {@code entry} (digits, dots and colons only) added to the service's {@code ports:}. */
    public ComposeFile withPort(String service, String entry) {
        if (!entry.matches("[0-9.:]+")) {
            throw new IllegalArgumentException("port entry \"" + entry.replace("\n", "\\n") + "\" is not digits, dots"
                    + " and colons; written into the compose file it would change more than the ports");
        }
        Section block = block(service);
        return new ComposeFile(new ComposePorts(lines, block.start(), block.end(), block.childIndent()).withEntry(entry));
    }

    /** The same file without the service's block and without {@code depends_on}/{@code links} entries naming it. */
    public ComposeFile withoutService(String service) {
        if (!hasService(service)) {
            return this;
        }
        Section block = block(service);
        List<String> out = new ArrayList<>(lines);
        int end = block.end();
        boolean blankBefore = block.start() == 0 || TextLines.blank(out.get(block.start() - 1));
        if (blankBefore && end < out.size() && TextLines.blank(out.get(end))) {
            end++;
        }
        out.subList(block.start(), end).clear();
        return new ComposeFile(References.without(out, service));
    }

    private Section servicesSection() {
        for (int i = 0; i < lines.size(); i++) {
            if (SERVICES_KEY.matcher(TextLines.content(lines.get(i))).matches()) {
                int end = endOfBlock(i + 1, 0, false);
                int childIndent = firstContentIndent(i + 1, end);
                return new Section(i + 1, end, childIndent);
            }
        }
        throw new IllegalArgumentException("no top-level 'services:' key; compose files without it (format v1) "
                + "are not supported: convert the file to format 2 or later first");
    }

    private Section block(String service) {
        Section services = servicesSection();
        for (int i = services.start(); i < services.end(); i++) {
            if (isKeyAt(i, services.childIndent()) && keyName(lines.get(i)).equals(service)) {
                int end = endOfBlock(i + 1, services.childIndent(), true);
                while (end > i + 1 && TextLines.blank(lines.get(end - 1))) {
                    end--;
                }
                return new Section(i, end, firstContentIndent(i + 1, end));
            }
        }
        throw new IllegalArgumentException("no service '" + service + "' in the compose file");
    }

    private Optional<Integer> imageLine(Section block) {
        for (int i = block.start() + 1; i < block.end(); i++) {
            if (TextLines.indent(lines.get(i)) == block.childIndent() && imageMatcher(i).matches()) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private Optional<Integer> commandLine(Section block) {
        for (int i = block.start() + 1; i < block.end(); i++) {
            if (TextLines.indent(lines.get(i)) == block.childIndent() && commandMatcher(i).matches()) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private Matcher commandMatcher(int index) {
        Matcher m = COMMAND.matcher(TextLines.content(lines.get(index)));
        m.matches();
        return m;
    }

    private Matcher imageMatcher(int index) {
        Matcher m = IMAGE.matcher(TextLines.content(lines.get(index)));
        m.matches();
        return m;
    }

    /**
     * First line at or after {@code from} with indent at most {@code indent}. A comment there ends a service block
     * (it introduces the next service) but not the services section (users comment out whole services at column 0).
     */
    private int endOfBlock(int from, int indent, boolean commentsEnd) {
        for (int i = from; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean counts = !TextLines.blank(line) && (commentsEnd || !TextLines.comment(line));
            if (counts && TextLines.indent(line) <= indent) {
                return i;
            }
        }
        return lines.size();
    }

    private int firstContentIndent(int from, int to) {
        for (int i = from; i < to; i++) {
            if (!TextLines.blank(lines.get(i)) && !TextLines.comment(lines.get(i))) {
                return TextLines.indent(lines.get(i));
            }
        }
        return -1;
    }

    private boolean isKeyAt(int index, int indent) {
        String line = lines.get(index);
        return !TextLines.comment(line) && TextLines.indent(line) == indent
                && KEY.matcher(TextLines.content(line)).matches();
    }

    private static String keyName(String line) {
        Matcher m = KEY.matcher(TextLines.content(line));
        m.matches();
        return m.group(2);
    }

    private record Section(int start, int end, int childIndent) {
    }
}
