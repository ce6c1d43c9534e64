package io.github.camelloganalytics;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.SSLContextParametersAware;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.util.URISupport;

/**
 * The {@code loganalytics:} component. Options set here are the defaults of every endpoint.
 */
@Component("loganalytics")
public class LogAnalyticsComponent extends HealthCheckComponent implements SSLContextParametersAware {

    static {
        // Camel masks these in URIs, logs and JMX; its built-in list does not know them
        URISupport.addSanitizeKeywords("sharedKey");
        URISupport.addSanitizeKeywords("secondarySharedKey");
        URISupport.addSanitizeKeywords("clientSecret");
    }

    @Metadata
    private LogAnalyticsConfiguration configuration = new LogAnalyticsConfiguration();

    @Metadata(label = "security", defaultValue = "false")
    private boolean useGlobalSslContextParameters;

    public LogAnalyticsComponent() {
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        LogAnalyticsConfiguration endpointConfiguration = configuration.copy();
        endpointConfiguration.setLogType(remaining);
        LogAnalyticsEndpoint endpoint = new LogAnalyticsEndpoint(uri, this, endpointConfiguration);
        setProperties(endpoint, parameters);
        return endpoint;
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
