package dev.ferry.sandbox.aws;

/** STS: GetCallerIdentity, so {@code ferry doctor} can check who it is. */
final class StsHandler implements QueryProtocol.Operations {
    static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

    private final Env env;

    StsHandler(Env env) {
        this.env = env;
    }

    @Override
    public void call(String action, QueryParams params, Xml out) {
        if (!action.equals("GetCallerIdentity")) {
            throw QueryProtocol.unknownAction(action);
        }
        out.el("Arn", env.world().callerArn()).el("UserId", "AIDASANDBOX")
                .el("Account", env.world().accountId());
    }
}
