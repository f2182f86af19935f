package dev.ferry.plan;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a compose service is to the migration. */
public enum ServiceRole {
    DATABASE, CACHE, SERVER, SCHEDULER, WORKER, KEEP;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean writesToDatabase() {
        return this == SERVER || this == SCHEDULER || this == WORKER;
    }

    public static Optional<ServiceRole> fromYaml(String value) {
        return Arrays.stream(values()).filter(r -> r.yamlName().equals(value)).findFirst();
    }
}
