package dev.ferry.sandbox.aws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Route53 over REST-XML: hosted zones (the seeded one), record set changes (CREATE / UPSERT / DELETE, alias
 * targets) that become INSYNC after a delay, listing, and an in-process resolver over the stored records.
 */
final class Route53Handler implements Protocol {
    static final String NAMESPACE = "https://route53.amazonaws.com/doc/2013-04-01/";
    private static final Logger LOG = LoggerFactory.getLogger(Route53Handler.class);

    private record Change(String id, String status, Instant submittedAt, String comment) {
    }

    private final Env env;
    private final Faults faults;
    private final Route53Zone zone;
    private final Map<String, Change> changes = new ConcurrentHashMap<>();

    Route53Handler(Env env, Faults faults) {
        this.env = env;
        this.faults = faults;
        this.zone = new Route53Zone(env.world().zone(), env.delays().aliasTtl().toSeconds());
    }

    @Override
    public String signingName() {
        return "route53";
    }

    @Override
    public Reply serve(HttpCall call) {
        String[] parts = call.path().replaceFirst("^/2013-04-01/", "").split("/");
        for (int i = 0; i < parts.length; i++) {
            parts[i] = URLDecoder.decode(parts[i], StandardCharsets.UTF_8);
        }
        String operation = operationOf(call.method(), parts);
        try {
            Faults.Kind fault = faults.onCall("route53", operation);
            if (fault != null) {
                throw ErrorReplies.injected(faults, fault, "Throttling", "route53", operation);
            }
            return Reply.xml(200, answer(operation, parts, call));
        } catch (AwsException e) {
            return ErrorReplies.query(NAMESPACE, e);
        } catch (RuntimeException e) {
            LOG.warn("route53 {} failed", operation, e);
            return ErrorReplies.query(NAMESPACE, ErrorReplies.internal(e));
        }
    }

    Optional<DnsAnswer> resolve(String name) {
        return zone.resolve(name);
    }

    private static String operationOf(String method, String[] parts) {
        String first = parts[0];
        if (first.equals("hostedzone") && parts.length == 1) {
            return "ListHostedZones";
        }
        if (first.equals("hostedzone") && parts.length == 2) {
            return "GetHostedZone";
        }
        if (first.equals("hostedzone") && parts.length >= 4 && parts[parts.length - 1].equals("rrset")
                || first.equals("hostedzone") && parts.length == 3) {
            return method.equals("POST") ? "ChangeResourceRecordSets" : "ListResourceRecordSets";
        }
        if (first.equals("change")) {
            return "GetChange";
        }
        return first.equals("hostedzonesbyname") ? "ListHostedZonesByName" : "Unknown";
    }

    private String answer(String operation, String[] parts, HttpCall call) {
        return switch (operation) {
            case "ListHostedZones" -> new Xml().open("ListHostedZonesResponse", NAMESPACE).open("HostedZones")
                    .open("HostedZone").toString() + zone.summary() + "</HostedZone></HostedZones>"
                    + "<IsTruncated>false</IsTruncated><MaxItems>100</MaxItems></ListHostedZonesResponse>";
            case "ListHostedZonesByName" -> "<ListHostedZonesByNameResponse xmlns=\"" + NAMESPACE + "\"><HostedZones>"
                    + "<HostedZone>" + zone.summary() + "</HostedZone></HostedZones><IsTruncated>false</IsTruncated>"
                    + "<MaxItems>100</MaxItems></ListHostedZonesByNameResponse>";
            case "GetHostedZone" -> {
                zone.check(parts[1]);
                yield "<GetHostedZoneResponse xmlns=\"" + NAMESPACE + "\"><HostedZone>" + zone.summary()
                        + "</HostedZone><DelegationSet><NameServers><NameServer>ns-1.awsdns-00.com</NameServer>"
                        + "<NameServer>ns-2.awsdns-00.net</NameServer></NameServers></DelegationSet></GetHostedZoneResponse>";
            }
            case "ChangeResourceRecordSets" -> {
                zone.check(parts[1]);
                String comment = zone.apply(call.bodyText());
                yield "<ChangeResourceRecordSetsResponse xmlns=\"" + NAMESPACE + "\">" + changeInfo(submit(comment))
                        + "</ChangeResourceRecordSetsResponse>";
            }
            case "ListResourceRecordSets" -> {
                zone.check(parts[1]);
                yield "<ListResourceRecordSetsResponse xmlns=\"" + NAMESPACE + "\">" + zone.list(call.query())
                        + "</ListResourceRecordSetsResponse>";
            }
            case "GetChange" -> "<GetChangeResponse xmlns=\"" + NAMESPACE + "\">" + changeInfo(change(parts[1]))
                    + "</GetChangeResponse>";
            default -> throw new AwsException(404, "UnknownOperationException", "Unknown Route53 request " + call.path());
        };
    }

    private Change submit(String comment) {
        Change change = new Change("C" + Ids.upper(20), "PENDING", Instant.now(), comment);
        changes.put(change.id(), change);
        env.later(env.delays().route53Sync(), "route53 INSYNC", () -> changes.computeIfPresent(change.id(),
                (k, c) -> new Change(c.id(), "INSYNC", c.submittedAt(), c.comment())));
        return change;
    }

    private Change change(String id) {
        Change change = changes.get(id.replaceFirst("^/?change/", ""));
        if (change == null) {
            throw AwsException.notFound("NoSuchChange", "A change with the specified change ID does not exist.");
        }
        return change;
    }

    private static String changeInfo(Change c) {
        return new Xml().open("ChangeInfo").el("Id", "/change/" + c.id()).el("Status", c.status())
                .el("SubmittedAt", c.submittedAt()).el("Comment", c.comment()).close().toString();
    }

    static String normalise(String name) {
        String lower = name.toLowerCase(Locale.ROOT).replace("\\052", "*");
        return lower.endsWith(".") ? lower : lower + ".";
    }
}
