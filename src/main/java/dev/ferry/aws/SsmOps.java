package dev.ferry.aws;

import dev.ferry.step.AwsChanges.SecureParameterRequest;
import dev.ferry.step.AwsDeletions.ParametersDeletion;
import dev.ferry.step.AwsPorts.Owner;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.Tag;

/** SecureString parameters. Values are secrets: they are compared and written, never logged or put in a message. */
final class SsmOps {
    private static final Logger log = LoggerFactory.getLogger(SsmOps.class);
    /** The most names GetParameters and DeleteParameters take at once. */
    private static final int BATCH = 10;

    private static final ParameterType TYPE = ParameterType.fromValue(SecureParameterRequest.TYPE);

    private final SsmClient ssm;
    private final AwsCalls calls;

    SsmOps(SsmClient ssm, AwsSettings settings) {
        this.ssm = ssm;
        this.calls = new AwsCalls(AwsService.SSM, settings);
    }

    /** Reads the current value only to compare it when the request replaces; otherwise nothing secret is read. */
    boolean putSecureParameter(SecureParameterRequest request, Supplier<String> value) {
        String name = request.name();
        PlanTags wanted = PlanTags.of(request.tags());
        Optional<Parameter> current = get(name, !request.keepExisting());
        if (current.isEmpty()) {
            calls.sensitive("PutParameter", name, () -> ssm.putParameter(r -> r.name(name).value(value.get())
                    .type(TYPE).overwrite(false).tags(sdkTags(wanted))));
            log.info("created SecureString parameter {}", name);
            return true;
        }
        wanted.requireAdoptable(AwsService.SSM, "parameter", name, tagsOf(name));
        if (request.keepExisting()) {
            log.info("SecureString parameter {} already exists for plan {}; kept as it is", name, wanted.plan());
            return false;
        }
        String wantedValue = value.get();
        if (current.get().type() == TYPE && same(current.get().value(), wantedValue)) {
            log.info("SecureString parameter {} already holds the wanted value", name);
            return false;
        }
        calls.sensitive("PutParameter", name, () -> ssm.putParameter(r -> r.name(name).value(wantedValue)
                .type(TYPE).overwrite(true)));
        calls.run("AddTagsToResource", name, () -> ssm.addTagsToResource(r -> r
                .resourceType(ResourceTypeForTagging.PARAMETER).resourceId(name)
                .tags(sdkTags(wanted))));
        log.info("updated SecureString parameter {} (its value changed)", name);
        return true;
    }

    Optional<String> readSecureParameter(String name) {
        return get(name, true).map(Parameter::value);
    }

    /** Checks every parameter that exists before deleting any, so a refusal leaves them all as they were. */
    void deleteParameters(ParametersDeletion deletion, Owner owner) {
        List<String> names = deletion.names();
        List<String> existing = new ArrayList<>();
        for (List<String> batch : batches(names)) {
            existing.addAll(calls.call("GetParameters", String.join(", ", batch), () -> ssm.getParameters(r -> r
                    .names(batch).withDecryption(ParametersDeletion.WITH_DECRYPTION))).parameters().stream().map(Parameter::name).toList());
        }
        for (String name : existing) {
            PlanTags.requireOwned(owner, PlanTags.Touch.DELETE, AwsService.SSM, "parameter", name, tagsOf(name));
        }
        for (List<String> batch : batches(existing)) {
            var response = calls.call("DeleteParameters", String.join(", ", batch),
                    () -> ssm.deleteParameters(r -> r.names(batch)));
            log.info("deleted SSM parameters {}; already gone: {}", response.deletedParameters(),
                    response.invalidParameters());
        }
        List<String> gone = names.stream().filter(name -> !existing.contains(name)).toList();
        if (!gone.isEmpty()) {
            log.info("SSM parameters {} were already gone", gone);
        }
    }

    private static List<List<String>> batches(List<String> names) {
        List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from < names.size(); from += BATCH) {
            batches.add(names.subList(from, Math.min(names.size(), from + BATCH)));
        }
        return batches;
    }

    private Optional<Parameter> get(String name, boolean decrypt) {
        return calls.find("GetParameter", name, () -> ssm.getParameter(r -> r.name(name).withDecryption(decrypt))
                .parameter());
    }

    private Map<String, String> tagsOf(String name) {
        return PlanTags.toMap(calls.call("ListTagsForResource", name, () -> ssm.listTagsForResource(r -> r
                .resourceType(ResourceTypeForTagging.PARAMETER).resourceId(name))).tagList(), Tag::key, Tag::value);
    }

    private static List<Tag> sdkTags(PlanTags tags) {
        return tags.as((k, v) -> Tag.builder().key(k).value(v).build());
    }

    /** Constant-time, so how much of a secret matched does not leak through timing. */
    private static boolean same(String current, String wanted) {
        return current != null && MessageDigest.isEqual(current.getBytes(StandardCharsets.UTF_8),
                wanted.getBytes(StandardCharsets.UTF_8));
    }
}
