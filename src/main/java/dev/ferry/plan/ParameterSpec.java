package dev.ferry.plan;

import java.util.List;

/**
 * SSM parameters: everything goes under {@code prefix}; {@code carry} lists the env-file keys copied unchanged
 * (the app cannot decrypt its data if its secret keys change).
 */
public record ParameterSpec(String prefix, List<String> carry) {
    public ParameterSpec {
        carry = List.copyOf(carry);
    }

    public String nameFor(String key) {
        return prefix + "/" + key;
    }
}
