package dev.ferry.step;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.lang.reflect.Proxy;

/** The adapters a run acts through. Wired in one place ({@code dev.ferry.wiring.Wiring}); tests pass their own. */
public record Adapters(HostConnector hosts, AwsPorts aws, DatabasePorts database) {

    /** Adapters that fail loudly: an action that needs one stops with ADAPTER_UNAVAILABLE, never a silent success. */
    public static Adapters unavailable() {
        return new Adapters(
                host -> { throw unavailable("host", "connect"); },
                unavailable(AwsPorts.class, "aws"),
                unavailable(DatabasePorts.class, "database"));
    }

    public Adapters withHosts(HostConnector connector) {
        return new Adapters(connector, aws, database);
    }

    public Adapters withAws(AwsPorts ports) {
        return new Adapters(hosts, ports, database);
    }

    public Adapters withDatabase(DatabasePorts ports) {
        return new Adapters(hosts, aws, ports);
    }

    /** A port whose real implementation is built on first use (so a dry run never opens an AWS client). */
    public static <T> T lazy(Class<T> port, java.util.function.Supplier<? extends T> factory) {
        Object[] made = new Object[1];
        Object proxy = Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (self, method, args) -> {
            if (method.getName().equals("toString") && args == null) {
                return "lazy " + port.getSimpleName();
            }
            synchronized (made) {
                if (made[0] == null && method.getName().equals("close") && args == null) {
                    return null; // never built, nothing to release
                }
                if (made[0] == null) {
                    made[0] = factory.get();
                }
            }
            try {
                return method.invoke(made[0], args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        });
        return port.cast(proxy);
    }

    static <T> T unavailable(Class<T> port, String name) {
        Object proxy = Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (self, method, args) -> {
            if (method.getName().equals("toString")) {
                return "unavailable " + name + " adapter";
            }
            if (method.getName().equals("close") && args == null) {
                return null;
            }
            throw unavailable(name, method.getName());
        });
        return port.cast(proxy);
    }

    private static FerryException unavailable(String adapter, String operation) {
        return new FerryException(ErrorCode.ADAPTER_UNAVAILABLE, "no " + adapter + " adapter is wired for this"
                + " run (needed for '" + operation + "'); nothing was changed by this action."
                + " Check that the plan has the section the " + adapter + " adapter is built from (target: for aws)");
    }
}
