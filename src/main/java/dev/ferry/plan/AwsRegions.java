package dev.ferry.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The public AWS regions and their partitions, as botocore 1.43's partitions.json lists them (partitions aws, aws-cn
 * and aws-us-gov; the isolated partitions are left out). To add a region AWS opens: add it to the list of its
 * partition below (and to target.region's enum in plans/schema.json, which a test keeps equal to this list).
 * AwsRegionsTest fails when the AWS SDK ferry ships knows a public region this list lacks.
 */
public final class AwsRegions {
    private static final Map<String, List<String>> BY_PARTITION = new LinkedHashMap<>();

    static {
        BY_PARTITION.put("aws", List.of("af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2",
                "ap-northeast-3", "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
                "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1",
                "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2",
                "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1",
                "us-east-2", "us-west-1", "us-west-2"));
        BY_PARTITION.put("aws-cn", List.of("cn-north-1", "cn-northwest-1"));
        BY_PARTITION.put("aws-us-gov", List.of("us-gov-east-1", "us-gov-west-1"));
    }

    private AwsRegions() {
    }

    /** Every known region, partition by partition. */
    public static List<String> all() {
        return BY_PARTITION.values().stream().flatMap(List::stream).toList();
    }

    public static List<String> partitions() {
        return List.copyOf(BY_PARTITION.keySet());
    }

    public static boolean isKnown(String region) {
        return partition(region).isPresent();
    }

    /** The partition a region belongs to: aws, aws-cn or aws-us-gov. */
    public static Optional<String> partition(String region) {
        return BY_PARTITION.entrySet().stream().filter(e -> e.getValue().contains(region)).map(Map.Entry::getKey)
                .findFirst();
    }
}
