package dev.ferry.step;

import java.util.List;

/**
 * A read that changes nothing and proves one IAM action, for {@code ferry doctor}. Each record names the resource it
 * looks at; the AWS adapter makes the call.
 */
public sealed interface AwsAccess {

    /** The IAM action it proves, e.g. {@code rds:DescribeDBInstances}. */
    String action();

    /** What it looks at, for the doctor's line. */
    String resource();

    record SecurityGroups(String vpcId) implements AwsAccess {
        public String action() {
            return "ec2:DescribeSecurityGroups";
        }

        public String resource() {
            return "security groups of " + vpcId;
        }
    }

    /** The host's group, where move-database's replicate path adds and revokes its rule. */
    record SecurityGroupRules(String groupId) implements AwsAccess {
        public String action() {
            return "ec2:DescribeSecurityGroupRules";
        }

        public String resource() {
            return "rules of the host's security group " + groupId;
        }
    }

    record DbInstance(String identifier) implements AwsAccess {
        public String action() {
            return "rds:DescribeDBInstances";
        }

        public String resource() {
            return "DB instance " + identifier;
        }
    }

    record ReplicationGroup(String groupId) implements AwsAccess {
        public String action() {
            return "elasticache:DescribeReplicationGroups";
        }

        public String resource() {
            return "replication group " + groupId;
        }
    }

    record CacheCluster(String clusterId) implements AwsAccess {
        public String action() {
            return "elasticache:DescribeCacheClusters";
        }

        public String resource() {
            return "cache cluster " + clusterId;
        }
    }

    record Parameters() implements AwsAccess {
        public String action() {
            return "ssm:DescribeParameters";
        }

        public String resource() {
            return "SSM parameters";
        }
    }

    /** GetParameter without decryption: the value is never decrypted, read or kept. */
    record Parameter(String name) implements AwsAccess {
        public String action() {
            return "ssm:GetParameter";
        }

        public String resource() {
            return "parameter " + name;
        }
    }

    record LogGroups(String prefix) implements AwsAccess {
        public String action() {
            return "logs:DescribeLogGroups";
        }

        public String resource() {
            return "log groups " + prefix + "*";
        }
    }

    record Cluster(String name) implements AwsAccess {
        public String action() {
            return "ecs:DescribeClusters";
        }

        public String resource() {
            return "ECS cluster " + name;
        }
    }

    record Services(String cluster, List<String> names) implements AwsAccess {
        public Services {
            names = List.copyOf(names);
        }

        public String action() {
            return "ecs:DescribeServices";
        }

        public String resource() {
            return "ECS services " + String.join(", ", names) + " in " + cluster;
        }
    }

    record TargetGroup(String name) implements AwsAccess {
        public String action() {
            return "elasticloadbalancing:DescribeTargetGroups";
        }

        public String resource() {
            return "target group " + name;
        }
    }

    record Rules(String listenerArn) implements AwsAccess {
        public String action() {
            return "elasticloadbalancing:DescribeRules";
        }

        public String resource() {
            return "rules of " + listenerArn;
        }
    }
}
