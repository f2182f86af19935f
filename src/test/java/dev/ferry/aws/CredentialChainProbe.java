package dev.ferry.aws;

import java.net.URI;

/** Run in a child process by {@link CredentialChainMotoTest}: resolves the chain from its real environment. */
public final class CredentialChainProbe {
    private CredentialChainProbe() {
    }

    public static void main(String[] args) {
        try (AwsClients clients = AwsClients.create(AwsSettings.defaults().withRegion("us-east-1")
                .withEndpoint(URI.create(args[0])))) {
            AwsClients.CallerIdentity id = clients.identity();
            String key = clients.ec2().serviceClientConfiguration().credentialsProvider().resolveIdentity().join()
                    .accessKeyId();
            System.out.println("key " + key);
            System.out.println("source " + clients.credentialSource());
            System.out.println("account " + id.account());
        }
    }
}
