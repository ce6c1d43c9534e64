package io.github.camelloganalytics;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.EndpointAware;
import org.apache.camel.Route;
import org.apache.camel.SSLContextParametersAware;
import org.apache.camel.Service;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * The {@code loganalytics:} component. Options set here are the defaults of every endpoint. Its endpoints share one
 * timer, one worker pool and their HTTP clients.
 */
@Component("loganalytics")
public class LogAnalyticsComponent extends HealthCheckComponent implements SSLContextParametersAware {

    /** Values of the secret options in a URI, in any spelling Camel accepts, plain or RAW(...)/RAW{...}. */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "([?&](?:shared-?key|secondary-?shared-?key|client-?secret|proxy-?password)=)"
                                                                    + "(RAW\\([^)]*\\)|RAW\\{[^}]*\\}|[^&]*)",
            Pattern.CASE_INSENSITIVE);

    /** Of the shutdown timeout, what is left for Camel after every batch is settled: routing dead letters and failures. */
    private static final long STOP_MARGIN_MAX_MILLIS = 2000;

    static {
        SensitiveKeywords.registerWithUriSanitizer();
    }

    @Metadata
    private LogAnalyticsConfiguration configuration = new LogAnalyticsConfiguration();

    @Metadata(label = "security", defaultValue = "false")
    private boolean useGlobalSslContextParameters;

    private final Set<LogAnalyticsProducer> producers = ConcurrentHashMap.newKeySet();
    private DeliveryResources resources;
    private int resourceUsers;
    private WaitingCallers waitingCallers;
    private volatile long contextStopDeadlineNanos;
    private volatile boolean contextStopping;

    public LogAnalyticsComponent() {
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        SensitiveKeywords.registerWith(getCamelContext());
        getCamelContext().addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopping(CamelContext context) {
                // Camel waits for in-flight exchanges before it stops producers; acknowledged exchanges wait for their
                // batches, so stopping begins for every producer now, with one deadline for all
                contextStopDeadlineNanos = newStopDeadlineNanos();
                contextStopping = true;
                producers.forEach(producer -> producer.beginStop(contextStopDeadlineNanos));
            }

            @Override
            public void onServiceAdd(CamelContext context, Service service, Route route) {
                if (route != null && service instanceof EndpointAware aware
                        && aware.getEndpoint() instanceof LogAnalyticsEndpoint endpoint && endpoint.getComponent() == LogAnalyticsComponent.this
                        && route.getServices().stream().noneMatch(s -> s instanceof RouteStopHook)) {
                    route.addService(new RouteStopHook(LogAnalyticsComponent.this, route.getRouteId()));
                }
            }
        });
    }

    @Override
    protected void doStop() throws Exception {
        // the shared resources go with the last producer: Camel stops components before the producers of its
        // templates, which still deliver what they took
        contextStopping = false;
        super.doStop();
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        LogAnalyticsConfiguration endpointConfiguration = configuration.copy();
        endpointConfiguration.setLogType(remaining);
        LogAnalyticsEndpoint endpoint = new LogAnalyticsEndpoint(maskSecrets(uri), this, endpointConfiguration);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /**
     * The URI with every secret option masked. Camel's own masking hides only the first extra keyword of a URI, so
     * the endpoint keeps this form: its URI, as shown in logs, JMX and traces, never holds a key.
     */
    static String maskSecrets(String uri) {
        return uri == null ? null : SECRET_PARAMETER.matcher(uri).replaceAll("$1xxxxxx");
    }

    /** The acknowledged exchanges waiting at this component's producers. */
    synchronized WaitingCallers waitingCallers() {
        if (waitingCallers == null) {
            waitingCallers = new WaitingCallers(getCamelContext().getInflightRepository());
        }
        return waitingCallers;
    }

    synchronized DeliveryResources acquireResources() {
        if (resources == null) {
            resources = new DeliveryResources(getCamelContext(), this);
        }
        resourceUsers++;
        return resources;
    }

    synchronized void releaseResources() {
        if (resources != null && --resourceUsers == 0) {
            resources.shutdown();
            resources = null;
        }
    }

    void producerStarted(LogAnalyticsProducer producer) {
        producers.add(producer);
        if (contextStopping) {
            producer.beginStop(contextStopDeadlineNanos);
        }
    }

    void producerStopped(LogAnalyticsProducer producer) {
        producers.remove(producer);
    }

    void routeStopping(String routeId) {
        long deadline = contextStopping ? contextStopDeadlineNanos : newStopDeadlineNanos();
        producers.stream().filter(p -> Objects.equals(routeId, p.getRouteId())).forEach(p -> p.beginStop(deadline));
    }

    int unsettledBatches(String routeId) {
        return producers.stream().filter(p -> Objects.equals(routeId, p.getRouteId()))
                .mapToInt(LogAnalyticsProducer::unsettledBatches).sum();
    }

    void routeStopNow(String routeId) {
        producers.stream().filter(p -> Objects.equals(routeId, p.getRouteId())).forEach(LogAnalyticsProducer::stopNow);
    }

    /** When a producer stopping now must be done: the context's deadline if it is stopping, else a new one. */
    long stopDeadlineNanos() {
        return contextStopping ? contextStopDeadlineNanos : newStopDeadlineNanos();
    }

    /**
     * The shutdown timeout less a margin: everything is settled, and dead letters handed over, while Camel still
     * routes them, before it forces the shutdown.
     */
    private long newStopDeadlineNanos() {
        var shutdown = getCamelContext().getShutdownStrategy();
        long timeout = Math.max(1, shutdown.getTimeUnit().toMillis(shutdown.getTimeout()));
        long margin = Math.min(STOP_MARGIN_MAX_MILLIS, timeout / 5);
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout - margin);
    }

    public LogAnalyticsConfiguration getConfiguration() {
        return configuration;
    }

    /**
     * The default configuration of every endpoint.
     */
    public void setConfiguration(LogAnalyticsConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public boolean isUseGlobalSslContextParameters() {
        return useGlobalSslContextParameters;
    }

    /**
     * Use the global SSL context parameters of the Camel context when an endpoint sets no sslContextParameters.
     */
    @Override
    public void setUseGlobalSslContextParameters(boolean useGlobalSslContextParameters) {
        this.useGlobalSslContextParameters = useGlobalSslContextParameters;
    }
}
