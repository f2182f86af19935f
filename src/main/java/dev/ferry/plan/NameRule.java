package dev.ferry.plan;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The naming rule of one kind of AWS name: length, allowed characters, first character, hyphens, reserved words and
 * prefixes. {@link #problem} says which part a name breaks, with the value and a name that would pass.
 *
 * @param noun             what the name is, with its article: "an RDS DB instance identifier"
 * @param allowed          one allowed character
 * @param allowedText      the allowed characters in words: "lowercase letters, digits and '-'"
 * @param first            the allowed first character, or null when any allowed character may start the name
 * @param firstText        the allowed first character in words: "a letter"
 * @param hyphens          no "--" and no '-' at the end (RDS and ElastiCache identifiers)
 * @param reserved         words the service refuses (compared ignoring case), and whose words they are
 * @param reservedPrefixes prefixes the service refuses (compared ignoring case)
 */
record NameRule(String noun, int max, Pattern allowed, String allowedText, Pattern first, String firstText,
                boolean hyphens, Set<String> reserved, String reservedBy, List<String> reservedPrefixes) {

    static NameRule of(String noun, int max, String allowed, String allowedText) {
        return new NameRule(noun, max, Pattern.compile(allowed), allowedText, null, null, false, Set.of(), null,
                List.of());
    }

    NameRule startingWith(String firstChar, String text) {
        return new NameRule(noun, max, allowed, allowedText, Pattern.compile(firstChar), text, hyphens, reserved,
                reservedBy, reservedPrefixes);
    }

    NameRule withHyphenRules() {
        return new NameRule(noun, max, allowed, allowedText, first, firstText, true, reserved, reservedBy,
                reservedPrefixes);
    }

    NameRule reserving(Set<String> words, String by, String... prefixes) {
        return new NameRule(noun, max, allowed, allowedText, first, firstText, hyphens, words, by, List.of(prefixes));
    }

    /** Reports at {@code at} why the value of field {@code label} breaks the rule; true when it does not. */
    boolean check(LoadContext ctx, Location at, String label, String value) {
        return check(ctx, at, Subject.field(label), Values.quote(value) + " in " + label, value);
    }

    /**
     * Reports at {@code at} why {@code value} breaks the rule, naming it as {@code described} (which holds the value
     * and names {@code about}, like "env 'X' of ECS service 'worker'"); true when it does not.
     */
    boolean check(LoadContext ctx, Location at, Subject about, String described, String value) {
        Optional<String> why = problem(value);
        why.ifPresent(reason -> ctx.problem(at, about, described + " " + reason + "; " + fix(value)));
        return why.isEmpty();
    }

    /** Why {@code value} breaks the rule, as the end of a sentence about it; empty when it does not. */
    Optional<String> problem(String value) {
        if (value.length() > max) {
            return Optional.of("is " + value.length() + " characters long, but " + noun + " has at most " + max);
        }
        Optional<String> bad = value.codePoints().mapToObj(Character::toString)
                .filter(c -> !allowed.matcher(c).matches()).findFirst();
        if (bad.isPresent()) {
            return Optional.of("has " + describe(bad.get()) + ", but " + noun + " allows only " + allowedText);
        }
        if (first != null && !value.isEmpty() && !first.matcher(value.substring(0, 1)).matches()) {
            return Optional.of("starts with '" + value.charAt(0) + "', but " + noun + " starts with " + firstText);
        }
        if (hyphens && value.contains("--")) {
            return Optional.of("has two hyphens in a row, which " + noun + " cannot have");
        }
        if (hyphens && value.endsWith("-")) {
            return Optional.of("ends with '-', which " + noun + " cannot");
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (reserved.contains(lower)) {
            return Optional.of("is a word " + reservedBy + " reserves");
        }
        return reservedPrefixes.stream().filter(lower::startsWith).findFirst()
                .map(p -> "starts with '" + p + "', which " + reservedBy + " reserves");
    }

    private String fix(String value) {
        String repaired = repair(value);
        return !repaired.isEmpty() && !repaired.equals(value) && problem(repaired).isEmpty()
                ? "use e.g. '" + repaired + "'" : "choose another name";
    }

    /** The name with disallowed characters replaced, hyphens tidied and the length cut; may still break the rule. */
    private String repair(String value) {
        String name = allowed.matcher("A").matches() ? value : value.toLowerCase(Locale.ROOT);
        String filler = allowed.matcher("-").matches() ? "-" : allowed.matcher("_").matches() ? "_" : "";
        StringBuilder out = new StringBuilder();
        name.codePoints().mapToObj(Character::toString)
                .forEach(c -> out.append(allowed.matcher(c).matches() ? c : filler));
        String repaired = out.toString();
        if (first != null && !repaired.isEmpty() && !first.matcher(repaired.substring(0, 1)).matches()) {
            repaired = first.matcher("_").matches() ? "_" + repaired : repaired.replaceFirst("^[^a-zA-Z]+", "");
        }
        repaired = repaired.length() > max ? repaired.substring(0, max) : repaired;
        return hyphens ? repaired.replaceAll("-{2,}", "-").replaceAll("-+$", "") : repaired;
    }

    private String describe(String c) {
        if (c.equals(" ")) {
            return "a space";
        }
        boolean lowercaseOnly = !c.toLowerCase(Locale.ROOT).equals(c)
                && allowed.matcher(c.toLowerCase(Locale.ROOT)).matches();
        return (lowercaseOnly ? "an uppercase " : "") + "'" + c + "'";
    }
}
