package dev.ferry.sandbox.aws;

/** One AWS service on the endpoint, speaking its wire protocol. */
interface Protocol {
    /** The SigV4 signing name that routes requests here ({@code rds}, {@code ecs}, ...). */
    String signingName();

    Reply serve(HttpCall call);
}
