package dev.ferry.aws;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private static final int DELETE_BATCH = 10;

    private final SsmClient ssm;
    private final AwsCalls calls;

    SsmOps(SsmClient ssm, AwsSettings settings) {
        this.ssm = ssm;
        this.calls = new AwsCalls(AwsService.SSM, settings);
    }

    void putSecureParameter(String name, String value, Map<String, String> tags) {
        PlanTags wanted = PlanTags.of(tags);
        Optional<Parameter> current = get(name, true);
        if (current.isEmpty()) {
            calls.sensitive("PutParameter", name, () -> ssm.putParameter(r -> r.name(name).value(value)
                    .type(ParameterType.SECURE_STRING).overwrite(false)
                    .tags(wanted.as((k, v) -> Tag.builder().key(k).value(v).build()))));
            log.info("created SecureString parameter {}", name);
            return;
        }
        wanted.requireAdoptable(AwsService.SSM, "parameter", name, tagsOf(name));
        if (current.get().type() == ParameterType.SECURE_STRING && same(current.get().value(), value)) {
            log.info("SecureString parameter {} already holds the wanted value", name);
            return;
        }
        calls.sensitive("PutParameter", name, () -> ssm.putParameter(r -> r.name(name).value(value)
                .type(ParameterType.SECURE_STRING).overwrite(true)));
        calls.run("AddTagsToResource", name, () -> ssm.addTagsToResource(r -> r
                .resourceType(ResourceTypeForTagging.PARAMETER).resourceId(name)
                .tags(wanted.as((k, v) -> Tag.builder().key(k).value(v).build()))));
        log.info("updated SecureString parameter {} (its value changed)", name);
    }

    Optional<String> readSecureParameter(String name) {
        return get(name, true).map(Parameter::value);
    }

    void deleteParameters(List<String> names) {
        for (int from = 0; from < names.size(); from += DELETE_BATCH) {
            List<String> batch = names.subList(from, Math.min(names.size(), from + DELETE_BATCH));
            var response = calls.call("DeleteParameters", String.join(", ", batch),
                    () -> ssm.deleteParameters(r -> r.names(batch)));
            log.info("deleted SSM parameters {}; already gone: {}", response.deletedParameters(),
                    response.invalidParameters());
        }
    }

    private Optional<Parameter> get(String name, boolean decrypt) {
        return calls.find("GetParameter", name, () -> ssm.getParameter(r -> r.name(name).withDecryption(decrypt))
                .parameter());
    }

    private Map<String, String> tagsOf(String name) {
        return PlanTags.toMap(calls.call("ListTagsForResource", name, () -> ssm.listTagsForResource(r -> r
                .resourceType(ResourceTypeForTagging.PARAMETER).resourceId(name))).tagList(), Tag::key, Tag::value);
    }

    /** Constant-time, so how much of a secret matched does not leak through timing. */
    private static boolean same(String current, String wanted) {
        return current != null && MessageDigest.isEqual(current.getBytes(StandardCharsets.UTF_8),
                wanted.getBytes(StandardCharsets.UTF_8));
    }
}
