package dev.ferry.plan;

import java.util.Optional;

/** An Amazon Resource Name split into its parts: arn:partition:service:region:account:resource. */
record Arn(String partition, String service, String region, String account, String resource) {

    static Optional<Arn> parse(String text) {
        String[] parts = text.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn")) {
            return Optional.empty();
        }
        return Optional.of(new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]));
    }

    /** What the resource part names: "role" for role/x, "listener" for listener/app/..., the part before '/'. */
    String kind() {
        int slash = resource.indexOf('/');
        return slash < 0 ? resource : resource.substring(0, slash);
    }

    Arn withPartition(String newPartition) {
        return new Arn(newPartition, service, region, account, resource);
    }

    Arn withRegion(String newRegion) {
        return new Arn(partition, service, newRegion, account, resource);
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
    }
}
