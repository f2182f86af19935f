package dev.ferry.plan;

import java.util.Optional;
import java.util.regex.Pattern;

/** Shapes of the ids of existing AWS resources a plan names: VPC, subnet, security group, hosted zone. */
final class AwsIds {
    /** Route 53 zone ids are Z and up to 31 uppercase letters or digits (the API takes at most 32 characters). */
    private static final Pattern HOSTED_ZONE = Pattern.compile("Z[A-Z0-9]{1,31}");

    private AwsIds() {
    }

    /** Why {@code id} is not an EC2 id of {@code prefix} (vpc, subnet, sg); empty when it is one. */
    static Optional<String> ec2(String id, String prefix) {
        String example = prefix + "-0123456789abcdef0";
        if (!id.startsWith(prefix + "-")) {
            return Optional.of("must start with '" + prefix + "-', like " + example);
        }
        String hex = id.substring(prefix.length() + 1);
        if (hex.length() != 8 && hex.length() != 17) {
            return Optional.of("has " + hex.length() + " characters after '" + prefix + "-'; EC2 ids have 8 or 17,"
                    + " like " + example + "; copy the id from the EC2 console");
        }
        if (!hex.matches("[0-9a-f]+")) {
            return Optional.of("has characters other than lowercase hex digits after '" + prefix + "-'; copy the id"
                    + " from the EC2 console, like " + example);
        }
        return Optional.empty();
    }

    /** Why {@code id} is not a Route 53 hosted zone id; empty when it is one. */
    static Optional<String> hostedZone(String id) {
        if (id.startsWith("/hostedzone/")) {
            return Optional.of("includes the '/hostedzone/' path; write only the id, "
                    + Values.quote(id.substring("/hostedzone/".length())));
        }
        if (!HOSTED_ZONE.matcher(id).matches()) {
            return Optional.of("is not a Route 53 hosted zone id, which is Z followed by uppercase letters and"
                    + " digits, like Z0123456789ABCDEFGHIJ; copy it from the Route 53 console");
        }
        return Optional.empty();
    }
}
