package io.github.camelloganalytics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.SSLContextParametersAware;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.util.URISupport;

/**
 * The {@code loganalytics:} component. Options set here are the defaults of every endpoint.
 */
@Component("loganalytics")
public class LogAnalyticsComponent extends HealthCheckComponent implements SSLContextParametersAware {

    /** Values of the secret options in a URI, plain or RAW(...)/RAW{...}. */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "([?&](?:sharedKey|secondarySharedKey|clientSecret)=)(RAW\\([^)]*\\)|RAW\\{[^}]*\\}|[^&]*)",
            Pattern.CASE_INSENSITIVE);

    static {
        // Camel masks registered keywords wherever it shows a URI. Its built-in list covers clientSecret but not the
        // shared keys; one keyword covers both names. Each call replaces the previous extra keywords, hence one call.
        URISupport.addSanitizeKeywords("sharedkey");
    }

    @Metadata
    private LogAnalyticsConfiguration configuration = new LogAnalyticsConfiguration();

    @Metadata(label = "security", defaultValue = "false")
    private boolean useGlobalSslContextParameters;

    private final Set<LogAnalyticsProducer> producers = ConcurrentHashMap.newKeySet();

    public LogAnalyticsComponent() {
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        // the context's shutdown waits for in-flight exchanges before stopping producers; acknowledged exchanges wait
        // for their batches, so those are sent as soon as stopping begins
        getCamelContext().addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopping(CamelContext context) {
                producers.forEach(LogAnalyticsProducer::flushForShutdown);
            }
        });
    }

    void producerStarted(LogAnalyticsProducer producer) {
        producers.add(producer);
    }

    void producerStopped(LogAnalyticsProducer producer) {
        producers.remove(producer);
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
