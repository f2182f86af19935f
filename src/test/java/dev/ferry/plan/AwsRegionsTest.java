package dev.ferry.plan;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The region list the loader checks target.region against keeps up with the AWS SDK ferry ships. */
class AwsRegionsTest {

    @Test
    void everyPublicRegionTheSdkKnowsIsKnown() {
        List<String> sdkPublic = Region.regions().stream()
                .filter(r -> !r.isGlobalRegion() && r.metadata() != null)
                .filter(r -> AwsRegions.partitions().contains(partition(r)))
                .map(Region::id).toList();

        assertThat(sdkPublic).as("regions of the SDK's public partitions").hasSizeGreaterThan(30);
        assertThat(AwsRegions.all()).containsAll(sdkPublic);
        sdkPublic.forEach(id -> assertThat(AwsRegions.partition(id)).as(id).contains(partition(Region.of(id))));
    }

    @Test
    void aRegionBelongsToOnePartitionAndAnUnknownOneToNone() {
        assertThat(AwsRegions.partition("eu-west-1")).contains("aws");
        assertThat(AwsRegions.partition("cn-northwest-1")).contains("aws-cn");
        assertThat(AwsRegions.partition("us-gov-west-1")).contains("aws-us-gov");
        assertThat(AwsRegions.partition("us-iso-east-1")).isEmpty();
        assertThat(AwsRegions.all()).doesNotHaveDuplicates();
    }

    private static String partition(Region region) {
        RegionMetadata metadata = RegionMetadata.of(region);
        return metadata == null ? "" : metadata.partition().id();
    }
}
