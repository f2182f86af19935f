package dev.ferry.plan;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ARNs a plan takes, checked for what AWS would refuse: an IAM role (not a policy, user or instance profile) for
 * the task roles, and an Application Load Balancer listener (not the load balancer, a target group or a rule).
 */
final class ArnShapes {
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    /** IAM: a path of printable ASCII between slashes, then a role name of at most 64 characters. */
    private static final Pattern ROLE = Pattern.compile("role/(?:[!-~]*/)?[\\w+=,.@-]{1,64}");
    private static final Pattern ASSUMED_ROLE = Pattern.compile("assumed-role/([\\w+=,.@-]{1,64})/.*");
    /** An ALB's name is up to 32 letters, digits and hyphens; its id and the listener's id are 16 hex digits. */
    private static final Pattern LISTENER =
            Pattern.compile("listener/app/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}/[0-9a-f]{16}");
    private static final Pattern RULE = Pattern.compile("listener-rule/(app/[^/]+/[^/]+/[^/]+)/[^/]+");
    private static final String ROLE_EXAMPLE = "arn:aws:iam::123456789012:role/NAME";
    private static final String LISTENER_EXAMPLE =
            "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/NAME/0123456789abcdef/0123456789abcdef";

    private ArnShapes() {
    }

    /** Why {@code text} is not an IAM role's ARN, and what to write instead; empty when it is one. */
    static Optional<String> role(String text) {
        Optional<Arn> parsed = Arn.parse(text);
        if (parsed.isEmpty()) {
            return Optional.of("is not an ARN; write the role's ARN, like " + ROLE_EXAMPLE);
        }
        Arn arn = parsed.get();
        Optional<String> common = partitionAndAccount(arn);
        if (common.isPresent()) {
            return common;
        }
        Matcher assumed = ASSUMED_ROLE.matcher(arn.resource());
        if (arn.service().equals("sts") && assumed.matches()) {
            return Optional.of("is an STS session of a role, not the role; use the role's ARN, "
                    + new Arn(arn.partition(), "iam", "", arn.account(), "role/" + assumed.group(1)));
        }
        if (!arn.service().equals("iam")) {
            return Optional.of("is an ARN of " + arn.service() + ", not of an IAM role; use the role's ARN, like "
                    + ROLE_EXAMPLE);
        }
        if (!arn.region().isEmpty()) {
            return Optional.of("has region '" + arn.region() + "', but IAM ARNs have none; use "
                    + arn.withRegion(""));
        }
        if (!arn.kind().equals("role")) {
            String same = arn.kind().equals("instance-profile") ? ", often " + new Arn(arn.partition(), "iam", "",
                    arn.account(), "role" + arn.resource().substring(arn.kind().length())) : "";
            return Optional.of("names an IAM " + arn.kind().replace('-', ' ') + ", but ECS takes a role here; use"
                    + " the ARN of the role" + (same.isEmpty() ? " (...:role/NAME)" : same));
        }
        if (!ROLE.matcher(arn.resource()).matches()) {
            return Optional.of("has a role name IAM does not allow (up to 64 letters, digits and _+=,.@- after"
                    + " role/ and an optional path); copy the ARN from the IAM console");
        }
        return Optional.empty();
    }

    /** Why {@code text} is not an Application Load Balancer listener's ARN, and what to write; empty when it is. */
    static Optional<String> listener(String text) {
        Optional<Arn> parsed = Arn.parse(text);
        if (parsed.isEmpty()) {
            return Optional.of("is not an ARN; write the listener's ARN, like " + LISTENER_EXAMPLE);
        }
        Arn arn = parsed.get();
        Optional<String> common = partitionAndAccount(arn);
        if (common.isPresent()) {
            return common;
        }
        if (!arn.service().equals("elasticloadbalancing")) {
            return Optional.of("is an ARN of " + arn.service() + ", not of a load balancer listener; use the"
                    + " listener's ARN, like " + LISTENER_EXAMPLE);
        }
        if (arn.region().isEmpty()) {
            return Optional.of("has no region; copy the listener's ARN from the load balancer's Listeners tab");
        }
        return listenerResource(arn);
    }

    private static Optional<String> listenerResource(Arn arn) {
        String resource = arn.resource();
        Matcher rule = RULE.matcher(resource);
        if (rule.matches()) {
            return Optional.of("is a listener rule's ARN; use its listener's ARN, " + new Arn(arn.partition(),
                    arn.service(), arn.region(), arn.account(), "listener/" + rule.group(1)));
        }
        return switch (arn.kind()) {
            case "loadbalancer" -> Optional.of("is the load balancer's ARN, not its listener's; use the ARN of its"
                    + " HTTPS listener (Listeners tab), ...:listener/" + resource.substring("loadbalancer/".length())
                    + "/LISTENER-ID");
            case "targetgroup" -> Optional.of("is a target group's ARN; ferry creates the server's target group"
                    + " itself and needs the HTTPS listener that routes to it (...:listener/app/NAME/ID/ID)");
            case "listener" -> appListener(resource);
            default -> Optional.of("names a " + arn.kind() + ", not a listener; use the ARN of the load balancer's"
                    + " HTTPS listener, like " + LISTENER_EXAMPLE);
        };
    }

    private static Optional<String> appListener(String resource) {
        if (!resource.startsWith("listener/app/")) {
            return Optional.of("is not an Application Load Balancer listener; ferry routes by host name, which only"
                    + " an ALB listener (...:listener/app/...) can do");
        }
        if (!LISTENER.matcher(resource).matches()) {
            return Optional.of("is not a whole listener ARN (listener/app/NAME/16-hex-id/16-hex-id); copy it from"
                    + " the load balancer's Listeners tab");
        }
        return Optional.empty();
    }

    private static Optional<String> partitionAndAccount(Arn arn) {
        if (!AwsRegions.partitions().contains(arn.partition())) {
            return Optional.of("has partition '" + arn.partition() + "'; expected one of "
                    + String.join(", ", AwsRegions.partitions()));
        }
        if (!ACCOUNT.matcher(arn.account()).matches()) {
            return Optional.of("has account id '" + arn.account() + "'; an AWS account id is 12 digits, like"
                    + " 123456789012");
        }
        return Optional.empty();
    }
}
