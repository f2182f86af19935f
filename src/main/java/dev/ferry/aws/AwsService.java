package dev.ferry.aws;

/** The AWS services ferry calls: the prefix IAM uses for their actions and the name an operator recognises. */
enum AwsService {
    EC2("ec2", "EC2"),
    RDS("rds", "RDS"),
    ELASTICACHE("elasticache", "ElastiCache"),
    SSM("ssm", "SSM Parameter Store"),
    LOGS("logs", "CloudWatch Logs"),
    ECS("ecs", "ECS"),
    ELB("elasticloadbalancing", "Elastic Load Balancing"),
    ROUTE53("route53", "Route 53"),
    STS("sts", "STS"),
    S3("s3", "S3");

    private final String iamPrefix;
    private final String displayName;

    AwsService(String iamPrefix, String displayName) {
        this.iamPrefix = iamPrefix;
        this.displayName = displayName;
    }

    /** The IAM action for an API operation, e.g. {@code rds:CreateDBInstance}. */
    String action(String operation) {
        return iamPrefix + ":" + operation;
    }

    String displayName() {
        return displayName;
    }
}
