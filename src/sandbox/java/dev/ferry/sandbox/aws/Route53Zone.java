package dev.ferry.sandbox.aws;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** One hosted zone's record sets: atomic change batches, ordered listing, resolution. */
final class Route53Zone {
    private final SandboxWorld.Zone zone;
    private final Map<String, RecordSet> records = new TreeMap<>();
    private final long aliasTtl;

    Route53Zone(SandboxWorld.Zone zone, long aliasTtl) {
        this.zone = zone;
        this.aliasTtl = aliasTtl;
        String name = Route53Handler.normalise(zone.name());
        put(new RecordSet(name, "SOA", 900L, List.of("ns-1.awsdns-00.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"), null));
        put(new RecordSet(name, "NS", 172800L, List.of("ns-1.awsdns-00.com.", "ns-2.awsdns-00.net."), null));
    }

    void check(String id) {
        if (!id.replaceFirst("^/?hostedzone/", "").equals(zone.id())) {
            throw AwsException.notFound("NoSuchHostedZone", "No hosted zone found with ID: " + id);
        }
    }

    synchronized String summary() {
        return new Xml().el("Id", "/hostedzone/" + zone.id()).el("Name", Route53Handler.normalise(zone.name()))
                .el("CallerReference", "sandbox-seed").open("Config").el("PrivateZone", false).close()
                .el("ResourceRecordSetCount", records.size()).toString();
    }

    /** Validates every change of the batch, then applies all of them; returns the batch comment. */
    synchronized String apply(String body) {
        Document doc = parse(body);
        List<Element> changes = elements(doc.getDocumentElement(), "Change");
        Map<String, RecordSet> next = new TreeMap<>(records);
        for (Element change : changes) {
            String action = text(change, "Action");
            RecordSet set = recordSet(elements(change, "ResourceRecordSet").get(0));
            RecordSet current = next.get(set.key());
            switch (action) {
                case "CREATE" -> {
                    if (current != null) {
                        throw invalid("Tried to create resource record set [name='" + set.name() + "', type='"
                                + set.type() + "'] but it already exists");
                    }
                    checkCname(next, set);
                    next.put(set.key(), set);
                }
                case "UPSERT" -> {
                    checkCname(next, set);
                    next.put(set.key(), set);
                }
                case "DELETE" -> {
                    if (current == null) {
                        throw invalid("Tried to delete resource record set [name='" + set.name() + "', type='"
                                + set.type() + "'] but it was not found");
                    }
                    if (!current.equals(set)) {
                        throw invalid("Tried to delete resource record set [name='" + set.name() + "', type='"
                                + set.type() + "'] but the values provided do not match the current values");
                    }
                    next.remove(set.key());
                }
                default -> throw AwsException.badRequest("InvalidInput", "Invalid action " + action);
            }
        }
        records.clear();
        records.putAll(next);
        List<Element> comment = elements(doc.getDocumentElement(), "Comment");
        return comment.isEmpty() ? null : comment.get(0).getTextContent();
    }

    synchronized String list(Map<String, String> query) {
        String start = query.containsKey("name") ? new RecordSet(Route53Handler.normalise(query.get("name")),
                query.getOrDefault("type", ""), null, List.of(), null).order() : "";
        int max = Integer.parseInt(query.getOrDefault("maxitems", "300"));
        List<RecordSet> sorted = records.values().stream().sorted(Comparator.comparing(RecordSet::order))
                .filter(r -> r.order().compareTo(start) >= 0).toList();
        Xml xml = new Xml().list("ResourceRecordSets", "ResourceRecordSet", sorted.subList(0, Math.min(max, sorted.size())),
                this::write).el("IsTruncated", sorted.size() > max);
        if (sorted.size() > max) {
            xml.el("NextRecordName", sorted.get(max).name()).el("NextRecordType", sorted.get(max).type());
        }
        return xml.el("MaxItems", max).toString();
    }

    synchronized Optional<DnsAnswer> resolve(String name) {
        String current = Route53Handler.normalise(name);
        for (int hops = 0; hops < 8; hops++) {
            for (String type : List.of("A", "AAAA")) {
                RecordSet set = records.get(current + "|" + type);
                if (set != null) {
                    return Optional.of(set.alias() != null
                            ? new DnsAnswer(current, type, aliasTtl, List.of(set.alias().dnsName()), true)
                            : new DnsAnswer(current, type, set.ttl(), set.values(), false));
                }
            }
            RecordSet cname = records.get(current + "|CNAME");
            if (cname == null) {
                return Optional.empty();
            }
            current = Route53Handler.normalise(cname.values().get(0));
            if (!current.endsWith(Route53Handler.normalise(zone.name()))) {
                return Optional.of(new DnsAnswer(cname.name(), "CNAME", cname.ttl(), cname.values(), false));
            }
        }
        return Optional.empty();
    }

    private void put(RecordSet set) {
        records.put(set.key(), set);
    }

    private void checkCname(Map<String, RecordSet> next, RecordSet set) {
        boolean conflict = next.values().stream().anyMatch(r -> r.name().equals(set.name()) && !r.type().equals(set.type())
                && (r.type().equals("CNAME") || set.type().equals("CNAME")));
        if (conflict) {
            throw invalid("RRSet of type CNAME with DNS name " + set.name() + " is not permitted as it conflicts with "
                    + "other records with the same DNS name in zone " + Route53Handler.normalise(zone.name()));
        }
    }

    private RecordSet recordSet(Element e) {
        String name = Route53Handler.normalise(text(e, "Name"));
        String zoneName = Route53Handler.normalise(zone.name());
        if (!name.equals(zoneName) && !name.endsWith("." + zoneName)) {
            throw invalid("RRSet with DNS name " + name + " is not permitted in zone " + zoneName);
        }
        List<String> values = new ArrayList<>();
        elements(e, "Value").forEach(v -> values.add(v.getTextContent()));
        List<Element> alias = elements(e, "AliasTarget");
        String ttl = text(e, "TTL");
        if (alias.isEmpty() && (ttl == null || values.isEmpty())) {
            throw AwsException.badRequest("InvalidInput", "Invalid request: Expected exactly one of [AliasTarget, "
                    + "all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change");
        }
        RecordSet.Alias target = alias.isEmpty() ? null : new RecordSet.Alias(text(alias.get(0), "HostedZoneId"),
                Route53Handler.normalise(text(alias.get(0), "DNSName")),
                Boolean.parseBoolean(text(alias.get(0), "EvaluateTargetHealth")));
        return new RecordSet(name, text(e, "Type"), ttl == null ? null : Long.parseLong(ttl), List.copyOf(values), target);
    }

    private void write(Xml x, RecordSet r) {
        x.el("Name", r.name()).el("Type", r.type()).el("TTL", r.ttl());
        if (r.alias() != null) {
            x.open("AliasTarget").el("HostedZoneId", r.alias().hostedZoneId()).el("DNSName", r.alias().dnsName())
                    .el("EvaluateTargetHealth", r.alias().evaluateTargetHealth()).close();
        } else {
            x.list("ResourceRecords", "ResourceRecord", r.values(), (v, value) -> v.el("Value", value));
        }
    }

    private static AwsException invalid(String message) {
        return AwsException.badRequest("InvalidChangeBatch", "[" + message + "]");
    }

    private static Document parse(String body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw AwsException.badRequest("InvalidInput", "Could not parse the request: " + e.getMessage());
        }
    }

    private static List<Element> elements(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getElementsByTagName(name);
        for (int i = 0; i < nodes.getLength(); i++) {
            found.add((Element) nodes.item(i));
        }
        return found;
    }

    private static String text(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().strip();
            }
        }
        return null;
    }
}
