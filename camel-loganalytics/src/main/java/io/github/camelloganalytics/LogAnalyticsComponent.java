package io.github.camelloganalytics;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.camelloganalytics.delivery.StopDeadlines;
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
 * timer, one worker pool, the dead letter threads and their HTTP clients; it decides when stopping endpoints must be
 * done.
 */
@Component("loganalytics")
public class LogAnalyticsComponent extends HealthCheckComponent implements SSLContextParametersAware {

    /** Values of the secret options in a URI, in any spelling Camel accepts, plain or RAW(...)/RAW{...}. */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "([?&](?:shared-?key|secondary-?shared-?key|client-?secret|proxy-?password)=)"
                                                                    + "(RAW\\([^)]*\\)|RAW\\{[^}]*\\}|[^&]*)",
            Pattern.CASE_INSENSITIVE);

    static {
        SensitiveKeywords.registerWithUriSanitizer();
    }

    @Metadata
    private LogAnalyticsConfiguration configuration = new LogAnalyticsConfiguration();

    @Metadata(label = "security", defaultValue = "false")
    private boolean useGlobalSslContextParameters;

    private DeliveryResources resources;
    private int resourceUsers;
    private WaitingCallers waitingCallers;
    private StopSchedule stopSchedule;

    public LogAnalyticsComponent() {
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        SensitiveKeywords.registerWith(getCamelContext());
        stopSchedule = new StopSchedule(getCamelContext());
        getCamelContext().addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopping(CamelContext context) {
                // Camel waits for in-flight exchanges before it stops producers; acknowledged exchanges wait for their
                // batches, so every endpoint begins to stop now, all by the same deadlines
                StopDeadlines deadlines = stopSchedule.contextStopping();
                endpoints().forEach(endpoint -> endpoint.contextStopping(deadlines));
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
        // the shared resources go with the last endpoint's delivery: Camel stops components before the producers of its
        // templates, which still deliver what they took
        stopSchedule.contextStopped();
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

    /** When stopping endpoints must be done. */
    StopSchedule stopSchedule() {
        return stopSchedule;
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

    /** This component's endpoints in the context. */
    private Stream<LogAnalyticsEndpoint> endpoints() {
        return getCamelContext().getEndpoints().stream().filter(LogAnalyticsEndpoint.class::isInstance)
                .map(LogAnalyticsEndpoint.class::cast).filter(endpoint -> endpoint.getComponent() == this);
    }

    /** The running producers of one route. */
    private Stream<LogAnalyticsProducer> producersOf(String routeId) {
        return endpoints().flatMap(endpoint -> endpoint.producers().stream())
                .filter(producer -> Objects.equals(routeId, producer.getRouteId()));
    }

    /** A route begins to stop: its producers' records leave at once. */
    void routeStopping(String routeId) {
        StopDeadlines deadlines = stopSchedule.current();
        producersOf(routeId).forEach(producer -> producer.getEndpoint().producerStopping(producer, deadlines));
    }

    /** Camel gave up waiting for a route: whatever its producers hold fails now. */
    void routeStopNow(String routeId) {
        StopDeadlines deadlines = stopSchedule.immediate();
        producersOf(routeId).forEach(producer -> producer.getEndpoint().producerStopping(producer, deadlines));
    }

    /** Records of one route's producers that have no outcome yet. */
    long backlog(String routeId) {
        return producersOf(routeId).mapToLong(LogAnalyticsProducer::backlog).sum();
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
