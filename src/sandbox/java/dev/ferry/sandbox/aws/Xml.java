package dev.ferry.sandbox.aws;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.function.BiConsumer;

/** A small streaming XML writer for responses; elements with a null value are left out. */
final class Xml {
    private final StringBuilder out = new StringBuilder(512);
    private final Deque<String> open = new ArrayDeque<>();

    Xml open(String name) {
        out.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    Xml open(String name, String namespace) {
        out.append('<').append(name).append(" xmlns=\"").append(namespace).append("\">");
        open.push(name);
        return this;
    }

    Xml close() {
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    Xml el(String name, Object value) {
        if (value == null) {
            return this;
        }
        String text = value instanceof Instant instant ? instant.truncatedTo(ChronoUnit.MILLIS).toString() : value.toString();
        out.append('<').append(name).append('>').append(escape(text)).append("</").append(name).append('>');
        return this;
    }

    /** {@code <wrapper><member>..</member>...</wrapper>}, each member written by {@code body}. */
    <T> Xml list(String wrapper, String member, Collection<T> items, BiConsumer<Xml, T> body) {
        open(wrapper);
        for (T item : items) {
            open(member);
            body.accept(this, item);
            close();
        }
        return close();
    }

    /** A list of plain values: {@code <wrapper><member>v</member>...</wrapper>}. */
    Xml values(String wrapper, String member, Collection<String> items) {
        open(wrapper);
        items.forEach(item -> el(member, item));
        return close();
    }

    /** Tags as {@code <wrapper><member><key>k</key><value>v</value></member>...}. */
    Xml tags(String wrapper, String member, String keyName, String valueName, Map<String, String> tags) {
        return list(wrapper, member, tags.entrySet(), (x, e) -> x.el(keyName, e.getKey()).el(valueName, e.getValue()));
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
