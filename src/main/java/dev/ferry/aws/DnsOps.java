package dev.ferry.aws;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.step.AwsPorts.DnsRecord;
import dev.ferry.step.AwsPorts.LoadBalancerAlias;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.AliasTarget;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.GetChangeRequest;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.waiters.Route53Waiter;

/**
 * The records that move traffic: a CNAME or A record with a TTL, or an A alias to the ALB. Changes wait until Route 53
 * reports INSYNC.
 */
final class DnsOps {
    private static final Logger log = LoggerFactory.getLogger(DnsOps.class);
    private static final Set<String> ADDRESS_TYPES = Set.of("A", "AAAA", "CNAME");
    /** Route 53 answers alias records to a load balancer with this TTL. */
    private static final long ALIAS_TTL = 60;

    private final Route53Client route53;
    private final Route53Waiter waiter;
    private final AwsCalls calls;

    DnsOps(Route53Client route53, AwsSettings settings) {
        this.route53 = route53;
        this.waiter = route53.waiter();
        this.calls = new AwsCalls(AwsService.ROUTE53, settings);
    }

    Optional<DnsRecord> readRecord(String hostedZoneId, String name) {
        return find(hostedZoneId, name, null).map(DnsOps::toRecord);
    }

    /** A CNAME cannot coexist with an A record, so a type change deletes the old one in the same atomic batch. */
    void upsertRecord(String hostedZoneId, DnsRecord record, Duration timeout) {
        Optional<ResourceRecordSet> current = find(hostedZoneId, record.name(), null);
        if (current.isPresent() && toRecord(current.get()).equals(toRecord(toSet(record)))) {
            log.info("DNS record {} already points to {}", record.name(), describe(record));
            return;
        }
        List<Change> changes = new ArrayList<>();
        current.filter(set -> !set.typeAsString().equals(toSet(record).typeAsString()))
                .ifPresent(set -> changes.add(change(ChangeAction.DELETE, set)));
        changes.add(change(ChangeAction.UPSERT, toSet(record)));
        apply(hostedZoneId, record.name(), changes, timeout);
        log.info("DNS record {} now points to {}", record.name(), describe(record));
    }

    void deleteRecord(String hostedZoneId, DnsRecord written, Duration timeout) {
        Optional<ResourceRecordSet> current = find(hostedZoneId, written.name(), toSet(written).typeAsString());
        if (current.isEmpty()) {
            log.info("DNS record {} was already gone", written.name());
            return;
        }
        DnsRecord now = toRecord(current.get());
        if (!now.sameValue(written)) {
            throw new FerryException(ErrorCode.STEP_FAILED, "Route 53 record " + written.name() + " is now "
                    + describe(now) + ", not the " + describe(written) + " ferry wrote; Route 53 records carry no"
                    + " tags, so ferry deletes one only while it holds what ferry wrote, and it was not deleted");
        }
        // DELETE must repeat the record exactly as it is now, whatever the caller remembers
        apply(hostedZoneId, written.name(), List.of(change(ChangeAction.DELETE, current.get())), timeout);
        log.info("deleted DNS record {}", written.name());
    }

    /** A record that is gone is created as it was: nothing anyone wrote is overwritten. */
    void restoreRecord(String hostedZoneId, DnsRecord previous, List<DnsRecord> written, Duration timeout) {
        Optional<DnsRecord> now = find(hostedZoneId, previous.name(), null).map(DnsOps::toRecord);
        if (now.isPresent() && !now.get().sameValue(previous) && written.stream().noneMatch(now.get()::sameValue)) {
            throw new FerryException(ErrorCode.STEP_FAILED, "Route 53 record " + previous.name() + " is now "
                    + describe(now.get()) + ", neither what ferry wrote (" + String.join(" or ", written.stream()
                    .map(DnsOps::describe).toList()) + ") nor what it found before (" + describe(previous) + ");"
                    + " Route 53 records carry no tags, so ferry changes one back only while it holds what ferry wrote,"
                    + " and it was not changed");
        }
        if (now.isEmpty()) {
            log.warn("DNS record {} was gone; creating it as it was before the cutover", previous.name());
        }
        upsertRecord(hostedZoneId, previous, timeout);
    }

    private void apply(String hostedZoneId, String name, List<Change> changes, Duration timeout) {
        String zone = zoneId(hostedZoneId);
        String changeId = calls.call("ChangeResourceRecordSets", name + " in zone " + zone, () -> route53
                .changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b
                        .comment("ferry").changes(changes)))).changeInfo().id();
        GetChangeRequest request = GetChangeRequest.builder().id(changeId).build();
        calls.await("GetChange", "INSYNC", "change " + changeId + " for " + name, timeout,
                config -> waiter.waitUntilResourceRecordSetsChanged(request, config),
                () -> route53.getChange(request).changeInfo().statusAsString());
    }

    private Optional<ResourceRecordSet> find(String hostedZoneId, String name, String type) {
        String zone = zoneId(hostedZoneId);
        String wanted = fqdn(name);
        return calls.call("ListResourceRecordSets", name + " in zone " + zone, () -> route53
                .listResourceRecordSets(r -> r.hostedZoneId(zone).startRecordName(wanted).maxItems("10")))
                .resourceRecordSets().stream()
                .filter(set -> fqdn(set.name()).equals(wanted))
                .filter(set -> type == null ? ADDRESS_TYPES.contains(set.typeAsString())
                        : type.equals(set.typeAsString()))
                .findFirst();
    }

    private static ResourceRecordSet toSet(DnsRecord record) {
        ResourceRecordSet.Builder set = ResourceRecordSet.builder().name(fqdn(record.name()));
        if (record.alias() != null) {
            return set.type("A").aliasTarget(AliasTarget.builder().dnsName(record.alias().dnsName())
                    .hostedZoneId(record.alias().canonicalHostedZoneId()).evaluateTargetHealth(false).build()).build();
        }
        return set.type(record.type()).ttl(record.ttl()).resourceRecords(Arrays.stream(record.value().split(","))
                .map(String::trim).map(v -> ResourceRecord.builder().value(v).build()).toList()).build();
    }

    private static DnsRecord toRecord(ResourceRecordSet set) {
        AliasTarget alias = set.aliasTarget();
        if (alias != null) {
            String dns = fqdn(alias.dnsName());
            return new DnsRecord(fqdn(set.name()), set.typeAsString(), ALIAS_TTL, dns,
                    new LoadBalancerAlias(dns, alias.hostedZoneId()));
        }
        List<String> values = set.resourceRecords().stream().map(ResourceRecord::value).sorted().toList();
        return new DnsRecord(fqdn(set.name()), set.typeAsString(), set.ttl() == null ? 0 : set.ttl(),
                String.join(",", values), null);
    }

    private static Change change(ChangeAction action, ResourceRecordSet set) {
        return Change.builder().action(action).resourceRecordSet(set).build();
    }

    private static String describe(DnsRecord record) {
        return record.alias() != null ? "alias " + record.alias().dnsName()
                : record.type() + " " + record.value() + " (TTL " + record.ttl() + " s)";
    }

    private static String fqdn(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower : lower + ".";
    }

    private static String zoneId(String hostedZoneId) {
        return hostedZoneId.replaceFirst("^/?hostedzone/", "");
    }
}
