package dev.ferry.sandbox.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The part of Go's text/template that {@code docker inspect -f} and {@code --format} users write: text, field chains
 * ({@code .A.B}, {@code $.A}), {@code range}/{@code if}/{@code with} with {@code else}, pipelines, string/number/bool
 * literals, trim markers, and the functions docker adds or Go ships that matter here ({@code eq ne not and or len
 * index json join lower upper println}). Data is JSON-shaped: maps, lists, strings, numbers, booleans.
 */
final class GoTemplate {
    private static final ObjectMapper JSON = new ObjectMapper();

    private sealed interface Node permits Text, Print, Block {
    }

    private record Text(String text) implements Node {
    }

    private record Print(List<List<String>> pipeline) implements Node {
    }

    private record Block(String keyword, List<List<String>> pipeline, List<Node> body, List<Node> otherwise)
            implements Node {
    }

    private final List<Node> nodes;

    private GoTemplate(List<Node> nodes) {
        this.nodes = nodes;
    }

    static GoTemplate parse(String source) {
        List<Object> tokens = tokenize(source);
        int[] position = {0};
        List<Node> nodes = new ArrayList<>();
        String stop = parseList(tokens, position, nodes);
        if (stop != null) {
            throw error("unexpected {{" + stop + "}}");
        }
        return new GoTemplate(nodes);
    }

    String execute(Object data) {
        StringBuilder out = new StringBuilder();
        run(nodes, data, data, out);
        return out.toString();
    }

    /** Texts are Strings, actions are String[] {words}. Trim markers are applied here. */
    private static List<Object> tokenize(String source) {
        List<Object> tokens = new ArrayList<>();
        int i = 0;
        while (i < source.length()) {
            int open = source.indexOf("{{", i);
            if (open < 0) {
                tokens.add(source.substring(i));
                break;
            }
            String text = source.substring(i, open);
            int close = source.indexOf("}}", open);
            if (close < 0) {
                throw error("unclosed action");
            }
            String inside = source.substring(open + 2, close);
            if (inside.startsWith("- ")) {
                text = text.stripTrailing();
                inside = inside.substring(2);
            }
            i = close + 2;
            if (inside.endsWith(" -")) {
                inside = inside.substring(0, inside.length() - 2);
                while (i < source.length() && Character.isWhitespace(source.charAt(i))) {
                    i++;
                }
            }
            tokens.add(text);
            tokens.add(words(inside.strip()).toArray(new String[0]));
        }
        return tokens;
    }

    private static List<String> words(String action) {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < action.length()) {
            char c = action.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '`') {
                int end = i + 1;
                while (end < action.length() && action.charAt(end) != c) {
                    end += action.charAt(end) == '\\' && c == '"' ? 2 : 1;
                }
                if (end >= action.length()) {
                    throw error("unterminated quoted string");
                }
                words.add(action.substring(i, end + 1));
                i = end + 1;
            } else if (c == '|') {
                words.add("|");
                i++;
            } else {
                int end = i;
                while (end < action.length() && !Character.isWhitespace(action.charAt(end)) && action.charAt(end) != '|') {
                    end++;
                }
                words.add(action.substring(i, end));
                i = end;
            }
        }
        return words;
    }

    /** Parses nodes until {@code end} or {@code else}; returns which one stopped it (null at the end of input). */
    private static String parseList(List<Object> tokens, int[] position, List<Node> into) {
        while (position[0] < tokens.size()) {
            Object token = tokens.get(position[0]++);
            if (token instanceof String text) {
                if (!text.isEmpty()) {
                    into.add(new Text(text));
                }
                continue;
            }
            String[] words = (String[]) token;
            if (words.length == 0) {
                throw error("missing value for command");
            }
            switch (words[0]) {
                case "end", "else" -> {
                    return words[0];
                }
                case "range", "if", "with" -> {
                    List<Node> body = new ArrayList<>();
                    List<Node> otherwise = new ArrayList<>();
                    String stop = parseList(tokens, position, body);
                    if ("else".equals(stop)) {
                        stop = parseList(tokens, position, otherwise);
                    }
                    if (!"end".equals(stop)) {
                        throw error("unexpected EOF");
                    }
                    into.add(new Block(words[0], pipeline(List.of(words).subList(1, words.length)), body, otherwise));
                }
                default -> into.add(new Print(pipeline(List.of(words))));
            }
        }
        return null;
    }

    private static List<List<String>> pipeline(List<String> words) {
        List<List<String>> commands = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String word : words) {
            if (word.equals("|")) {
                commands.add(current);
                current = new ArrayList<>();
            } else {
                current.add(word);
            }
        }
        commands.add(current);
        if (commands.stream().anyMatch(List::isEmpty)) {
            throw error("missing value for command");
        }
        return commands;
    }

    private void run(List<Node> list, Object dot, Object root, StringBuilder out) {
        for (Node node : list) {
            if (node instanceof Text text) {
                out.append(text.text());
            } else if (node instanceof Print print) {
                out.append(print(evaluate(print.pipeline(), dot, root)));
            } else if (node instanceof Block block) {
                Object value = evaluate(block.pipeline(), dot, root);
                if (block.keyword().equals("range")) {
                    Collection<?> items = value instanceof Map<?, ?> m ? m.values()
                            : value instanceof Collection<?> c ? c : List.of();
                    items.forEach(item -> run(block.body(), item, root, out));
                    if (items.isEmpty()) {
                        run(block.otherwise(), dot, root, out);
                    }
                } else if (truth(value)) {
                    run(block.body(), block.keyword().equals("with") ? value : dot, root, out);
                } else {
                    run(block.otherwise(), dot, root, out);
                }
            }
        }
    }

    private Object evaluate(List<List<String>> pipeline, Object dot, Object root) {
        Object previous = null;
        boolean first = true;
        for (List<String> command : pipeline) {
            List<Object> args = new ArrayList<>();
            for (String word : command.subList(1, command.size())) {
                args.add(operand(word, dot, root));
            }
            if (!first) {
                args.add(previous);
            }
            previous = call(command.get(0), args, dot, root);
            first = false;
        }
        return previous;
    }

    private Object call(String name, List<Object> args, Object dot, Object root) {
        return switch (name) {
            case "eq" -> args.subList(1, args.size()).stream().anyMatch(a -> same(args.get(0), a));
            case "ne" -> !same(args.get(0), args.get(1));
            case "not" -> !truth(args.get(0));
            case "and" -> args.stream().filter(a -> !truth(a)).findFirst().orElse(args.get(args.size() - 1));
            case "or" -> args.stream().filter(GoTemplate::truth).findFirst().orElse(args.get(args.size() - 1));
            case "len" -> args.get(0) instanceof Collection<?> c ? c.size() : args.get(0) instanceof Map<?, ?> m
                    ? m.size() : String.valueOf(args.get(0)).length();
            case "index" -> args.get(0) instanceof Map<?, ?> m ? m.get(String.valueOf(args.get(1)))
                    : ((List<?>) args.get(0)).get(((Number) args.get(1)).intValue());
            case "json" -> json(args.get(0));
            case "join" -> ((Collection<?>) args.get(0)).stream().map(GoTemplate::print)
                    .collect(Collectors.joining(String.valueOf(args.get(1))));
            case "lower" -> print(args.get(0)).toLowerCase();
            case "upper" -> print(args.get(0)).toUpperCase();
            case "println" -> args.stream().map(GoTemplate::print).collect(Collectors.joining(" ")) + "\n";
            default -> {
                if (!args.isEmpty() && !(name.startsWith(".") || name.startsWith("$"))) {
                    throw error("function \"" + name + "\" not defined");
                }
                yield operand(name, dot, root);
            }
        };
    }

    private Object operand(String word, Object dot, Object root) {
        if (word.startsWith("\"")) {
            return word.substring(1, word.length() - 1).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\");
        }
        if (word.startsWith("`")) {
            return word.substring(1, word.length() - 1);
        }
        if (word.equals("true") || word.equals("false")) {
            return Boolean.parseBoolean(word);
        }
        if (word.matches("-?\\d+")) {
            return Long.parseLong(word);
        }
        if (word.equals(".")) {
            return dot;
        }
        Object base = word.startsWith("$") ? root : dot;
        String path = word.startsWith("$") ? word.substring(1) : word;
        if (!path.startsWith(".") && !path.isEmpty()) {
            throw error("function \"" + word + "\" not defined");
        }
        Object value = base;
        for (String field : path.isEmpty() ? new String[0] : path.substring(1).split("\\.")) {
            if (!(value instanceof Map<?, ?> map)) {
                throw new ComposeError("template: :1:2: executing \"\" at <" + word + ">: can't evaluate field " + field);
            }
            value = map.get(field);
        }
        return value;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.longValue() == y.longValue();
        }
        return a == null ? b == null : a.equals(b);
    }

    private static boolean truth(Object value) {
        return value != null && !Boolean.FALSE.equals(value) && !"".equals(value)
                && !(value instanceof Number n && n.doubleValue() == 0)
                && !(value instanceof Collection<?> c && c.isEmpty()) && !(value instanceof Map<?, ?> m && m.isEmpty());
    }

    private static String print(Object value) {
        if (value == null) {
            return "<no value>";
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> e.getKey() + ":" + print(e.getValue()))
                    .collect(Collectors.joining(" ", "map[", "]"));
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(GoTemplate::print).collect(Collectors.joining(" ", "[", "]"));
        }
        return String.valueOf(value);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ComposeError error(String message) {
        return new ComposeError("template parsing error: template: :1: " + message);
    }
}
