package dev.ferry.sandbox.aws;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** An SSM parameter; SecureString values are kept in the clear in memory (the sandbox has no KMS). */
record SsmParameter(String name, String type, String value, long version, Instant modified, String description,
                    String keyId, Map<String, String> tags) {

    SsmParameter withTags(Map<String, String> more) {
        Map<String, String> merged = new LinkedHashMap<>(tags);
        merged.putAll(more);
        return new SsmParameter(name, type, value, version, modified, description, keyId, merged);
    }
}
