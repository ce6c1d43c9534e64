package io.github.camelloganalytics;

import io.github.camelloganalytics.api.CredentialType;
import io.github.camelloganalytics.api.LogAnalyticsApi;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Options are checked when a route starts, with messages that name the option and never a secret.
 */
class EndpointConfigurationTest extends CamelTestSupport {

    static final String WS = WireMockServiceSupport.WORKSPACE;
    static final String KEY = WireMockServiceSupport.KEY;

    private Throwable startFailure(String uri) {
        try {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:start").to(uri);
                }
            });
            return null;
        } catch (Exception e) {
            Throwable t = e;
            while (t.getCause() != null && !(t instanceof IllegalArgumentException)) {
                t = t.getCause();
            }
            return t;
        }
    }

    @Test
    void workspaceIdMustBeAGuid() {
        assertThat(startFailure("loganalytics:AppEvents?workspaceId=evil.example.com%23&sharedKey=RAW(" + KEY + ")"))
                .hasMessageContaining("workspaceId must be the workspace GUID");
    }

    @Test
    void plainHttpIsRefusedForRemoteHosts() {
        assertThat(startFailure("loganalytics:AppEvents?workspaceId=" + WS + "&sharedKey=RAW(" + KEY
                                + ")&endpoint=http://collector.example.com"))
                .hasMessageContaining("must use https (plain http is allowed for loopback hosts only");
    }

    @Test
    void keyThatIsNotBase64IsNamedButNotShown() {
        Throwable failure = startFailure("loganalytics:AppEvents?workspaceId=" + WS + "&sharedKey=not*base64*key");
        assertThat(failure).hasMessageContaining("sharedKey is not valid base64");
        assertThat(failure.getMessage()).doesNotContain("not*base64*key");
    }

    @Test
    void keyWithPlusLostToUriDecodingGetsAHint() {
        // without RAW(...) the '+' in the key arrives as a space
        Throwable failure = startFailure("loganalytics:AppEvents?workspaceId=" + WS + "&sharedKey=" + KEY);
        assertThat(failure).hasMessageContaining("RAW(key)");
    }

    @Test
    void aKeyIsRequired() {
        assertThat(startFailure("loganalytics:AppEvents?workspaceId=" + WS))
                .hasMessageContaining("the Data Collector API needs sharedKey or sharedKeyFile");
    }

    @Test
    void batchMaxBytesAboveTheServiceCapIsRefused() {
        assertThat(startFailure("loganalytics:AppEvents?workspaceId=" + WS + "&sharedKey=RAW(" + KEY
                                + ")&batchMaxBytes=40000000"))
                .hasMessageContaining("above the Data Collector API's limit of 30000000 bytes");
    }

    @Test
    void logTypeMustMatchTheServicePattern() {
        assertThat(startFailure("loganalytics:App-Events?workspaceId=" + WS + "&sharedKey=RAW(" + KEY + ")"))
                .hasMessageContaining("logType 'App-Events' must be 1 to 100 letters, digits or underscores");
    }

    @Test
    void durationsAcceptUnits() {
        LogAnalyticsEndpoint endpoint = context.getEndpoint("loganalytics:AppEvents?workspaceId=" + WS + "&sharedKey=RAW("
                                                            + KEY + ")&batchTimeout=250ms&deliveryTimeout=2m",
                LogAnalyticsEndpoint.class);
        assertThat(endpoint.getConfiguration().getBatchTimeout()).isEqualTo(250);
        assertThat(endpoint.getConfiguration().getDeliveryTimeout()).isEqualTo(120_000);
    }

    @Test
    void cloudChoosesTheSovereignHost() {
        String base = "loganalytics:AppEvents?workspaceId=" + WS + "&sharedKey=RAW(" + KEY + ")";
        assertThat(context.getEndpoint(base, LogAnalyticsEndpoint.class).getServiceUrl())
                .isEqualTo("https://" + WS + ".ods.opinsights.azure.com");
        assertThat(context.getEndpoint(base + "&cloud=usGovernment", LogAnalyticsEndpoint.class).getServiceUrl())
                .isEqualTo("https://" + WS + ".ods.opinsights.azure.us");
        assertThat(context.getEndpoint(base + "&cloud=china", LogAnalyticsEndpoint.class).getServiceUrl())
                .isEqualTo("https://" + WS + ".ods.opinsights.azure.cn");
    }

    @Test
    void unknownCloudIsRefused() {
        assertThat(startFailure("loganalytics:AppEvents?workspaceId=" + WS + "&sharedKey=RAW(" + KEY + ")&cloud=mars"))
                .hasMessageContaining("Unknown cloud 'mars'");
    }

    @Test
    void componentOptionsAreEveryEndpointsDefaults() {
        LogAnalyticsComponent component = context.getComponent("loganalytics", LogAnalyticsComponent.class);
        component.getConfiguration().setWorkspaceId(WS);
        component.getConfiguration().setSharedKey(KEY);
        component.getConfiguration().setBatchSize(42);

        LogAnalyticsEndpoint endpoint = context.getEndpoint("loganalytics:AppEvents?batchTimeout=5s", LogAnalyticsEndpoint.class);

        assertThat(endpoint.getConfiguration().getWorkspaceId()).isEqualTo(WS);
        assertThat(endpoint.getConfiguration().getBatchSize()).isEqualTo(42);
        assertThat(endpoint.getConfiguration().getBatchTimeout()).isEqualTo(5000);
        assertThat(component.getConfiguration().getBatchTimeout()).as("endpoint options stay on the endpoint").isEqualTo(100);
    }

    static final String LI = "loganalytics:AppEvents?api=logsIngestion&endpoint=https://my-dce.eastus-1.ingest.monitor.azure.com"
                             + "&ruleId=dcr-000a00a000a00000a000000aa000a0aa";

    @Test
    void aRuleIdAndAnEndpointSelectTheLogsIngestionApiWithoutApi() {
        LogAnalyticsEndpoint endpoint = context.getEndpoint("loganalytics:AppEvents?endpoint=https://my-dce.eastus-1"
                                                            + ".ingest.monitor.azure.com&ruleId=dcr-000a00a000a00000a000000aa000a0aa",
                LogAnalyticsEndpoint.class);
        assertThat(endpoint.getConfiguration().getApi()).isEqualTo(LogAnalyticsApi.logsIngestion);
    }

    @Test
    void aWorkspaceAndAKeySelectTheDataCollectorApiWithoutApi() {
        LogAnalyticsEndpoint endpoint = context.getEndpoint("loganalytics:AppEvents?workspaceId=" + WS + "&sharedKey=RAW("
                                                            + KEY + ")", LogAnalyticsEndpoint.class);
        assertThat(endpoint.getConfiguration().getApi()).isEqualTo(LogAnalyticsApi.dataCollector);
    }

    @Test
    void optionsOfBothApisWithoutApiFailNamingWhatWasSeen() {
        assertThat(startFailure("loganalytics:AppEvents?endpoint=https://dce.example.com&ruleId=dcr-000a00a000a00000a000000aa000a0aa"
                                + "&workspaceId=" + WS))
                .hasMessageContaining("cannot tell which API to use: ruleId belong to the Logs Ingestion API, workspaceId"
                                      + " to the Data Collector API")
                .hasMessageContaining("Set api=logsIngestion or api=dataCollector");
    }

    @Test
    void anExplicitApiDecidesAMix() {
        assertThat(startFailure("loganalytics:AppEvents?api=dataCollector&workspaceId=" + WS + "&sharedKey=RAW(" + KEY
                                + ")&ruleId=dcr-000a00a000a00000a000000aa000a0aa")).isNull();
    }

    @Test
    void withNeitherApisOptionsTheLogsIngestionApiAsksForItsOwn() {
        assertThat(startFailure("loganalytics:AppEvents"))
                .hasMessageContaining("the Logs Ingestion API needs endpoint and ruleId")
                .hasMessageContaining("missing: endpoint, ruleId")
                .hasMessageContaining("For a workspace's Data Collector API set workspaceId and a key instead");
    }

    @ParameterizedTest
    @ValueSource(strings = { "AZURE_IDENTITY", "azureIdentity", "azure-identity" })
    void credentialTypeTakesCamelsAzureSpellingsAndCamelCase(String spelling) {
        LogAnalyticsEndpoint endpoint = context.getEndpoint(LI + "&credentialType=" + spelling, LogAnalyticsEndpoint.class);
        assertThat(endpoint.getConfiguration().effectiveCredentialType()).isEqualTo(CredentialType.AZURE_IDENTITY);
    }

    @Test
    void theCredentialFollowsFromTheOptionsSet() {
        assertThat(context.getEndpoint(LI + "&tenantId=t&clientId=c&clientSecret=s", LogAnalyticsEndpoint.class)
                .getConfiguration().effectiveCredentialType()).isEqualTo(CredentialType.CLIENT_SECRET);
        assertThat(context.getEndpoint(LI + "&tenantId=t&clientId=c&clientCertificatePath=/etc/cert.pem",
                LogAnalyticsEndpoint.class).getConfiguration().effectiveCredentialType())
                .isEqualTo(CredentialType.CLIENT_CERTIFICATE);
    }

    @Test
    void aFixedAccessTokenIsForLoopbackEndpointsOnly() {
        assertThat(startFailure(LI + "&accessToken=my-test-token"))
                .hasMessageContaining("accessToken is for loopback endpoints only")
                .hasMessageNotContaining("my-test-token");
        assertThat(startFailure("loganalytics:AppEvents?endpoint=http://127.0.0.1:1&ruleId=dcr-000a00a000a00000a000000aa000a0aa"
                                + "&accessToken=my-test-token&startupCheck=false")).isNull();
    }

    @Test
    void aStreamWithoutItsPrefixIsRefusedWithTheNameToUse() {
        assertThat(startFailure(LI + "&streamName=Orders_CL")).hasMessageContaining("as in Custom-Orders_CL");
    }

    @Test
    void logsIngestionNeedsAnEndpoint() {
        assertThat(startFailure("loganalytics:AppEvents?api=logsIngestion&ruleId=dcr-000a00a000a00000a000000aa000a0aa"))
                .hasMessageContaining("the Logs Ingestion API needs endpoint and ruleId");
    }

    @Test
    void logsIngestionNeedsARuleIdOfTheRightShape() {
        assertThat(startFailure("loganalytics:AppEvents?api=logsIngestion&endpoint=https://dce.example.com&ruleId=my-rule"))
                .hasMessageContaining("ruleId must be the rule's immutableId, dcr- and 32 hex digits");
    }

    @Test
    void streamNameMustBeCustomOrMicrosoft() {
        assertThat(startFailure(LI + "&streamName=MyStream")).hasMessageContaining("must be Custom-<name> or Microsoft-<name>");
    }

    @Test
    void clientSecretCredentialsNeedAllThreeParts() {
        assertThat(startFailure(LI + "&credentialType=clientSecret&tenantId=contoso.onmicrosoft.com&clientId=abc"))
                .hasMessageContaining("credentialType=CLIENT_SECRET needs clientSecret");
    }

    @Test
    void sharedKeyCredentialsAreForDataCollectorOnly() {
        assertThat(startFailure(LI + "&credentialType=sharedKey")).hasMessageContaining("credentialType=SHARED_KEY is for the Data Collector API");
    }

    @Test
    void batchMaxBytesAboveOneMebibyteIsRefusedForLogsIngestion() {
        assertThat(startFailure(LI + "&batchMaxBytes=2000000"))
                .hasMessageContaining("above the Logs Ingestion API's limit of 1048576 bytes");
    }

    @Test
    void logsIngestionDefaultsToAzureIdentityAndOneMebibyteBatches() {
        LogAnalyticsEndpoint endpoint = context.getEndpoint(LI, LogAnalyticsEndpoint.class);
        assertThat(endpoint.getConfiguration().effectiveCredentialType()).isEqualTo(CredentialType.AZURE_IDENTITY);
        assertThat(endpoint.getConfiguration().effectiveBatchMaxBytes()).isEqualTo(1024 * 1024);
        assertThat(endpoint.getConfiguration().streamFor("AppEvents")).isEqualTo("Custom-AppEvents_CL");
        assertThat(endpoint.getServiceUrl()).isEqualTo("https://my-dce.eastus-1.ingest.monitor.azure.com");
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://localhost:1", "http://LOCALHOST:1", "http://127.0.0.1:1", "http://127.255.1.2:1",
                             "http://[::1]:1", "http://[0:0:0:0:0:0:0:1]:1", "http://[0000::0001]:1" })
    void plainHttpIsAllowedForLoopbackInAnySpelling(String endpoint) {
        assertThat(startFailure("loganalytics:AppEvents?workspaceId=" + WS + "&sharedKey=RAW(" + KEY + ")&endpoint=" + endpoint))
                .isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://127.attacker.example:8080", "http://127.0.0.1.nip.io", "http://localhost.example.com",
                             "http://[::2]", "http://128.0.0.1", "http://0.0.0.0", "http://127.0.0.256" })
    void plainHttpIsRefusedForAnythingThatOnlyLooksLikeLoopback(String endpoint) {
        assertThat(startFailure("loganalytics:AppEvents?workspaceId=" + WS + "&sharedKey=RAW(" + KEY + ")&endpoint=" + endpoint))
                .isNotNull().hasMessageContaining("endpoint 'http://").hasMessageContaining("https");
    }

    @Test
    void aMissingWorkspaceIdSaysWhereToSetIt() {
        assertThat(startFailure("loganalytics:AppEvents?sharedKey=RAW(" + KEY + ")"))
                .hasMessageContaining("the Data Collector API needs workspaceId")
                .hasMessageContaining("camel.component.loganalytics.workspace-id")
                .hasMessageNotContaining("null");
    }

    @Test
    void aLogTypeEndingInClIsRefusedWithTheNameToUse() {
        assertThat(startFailure("loganalytics:AppEvents_CL?workspaceId=" + WS + "&sharedKey=RAW(" + KEY + ")"))
                .hasMessageContaining("'AppEvents_CL' ends in _CL, which the service appends itself")
                .hasMessageContaining("use 'AppEvents'");
    }

    @Test
    void anUnresolvableDeadLetterUriFailsTheStart() {
        Throwable failure = startFailure("loganalytics:AppEvents?workspaceId=" + WS + "&sharedKey=RAW(" + KEY
                                         + ")&endpoint=http://localhost:1&deadLetterUri=nosuchcomponent:dead");
        assertThat(failure).isNotNull();
        assertThat(failure.getMessage()).contains("nosuchcomponent");
    }

    @Test
    void proxyAuthenticationForHttpsNeedsTheJvmToAllowBasicForTunnels() {
        assertThat(ConfigurationValidator.basicDisabledForTunnels(null)).as("the JDK's default").isTrue();
        assertThat(ConfigurationValidator.basicDisabledForTunnels("Digest, Basic")).isTrue();
        assertThat(ConfigurationValidator.basicDisabledForTunnels("")).isFalse();
        if (ConfigurationValidator.basicDisabledForTunnels(System.getProperty("jdk.http.auth.tunneling.disabledSchemes"))) {
            assertThat(startFailure("loganalytics:AppEvents?workspaceId=" + WS + "&sharedKey=RAW(" + KEY
                                    + ")&proxyHost=proxy.example&proxyPort=3128&proxyUser=me&proxyPassword=RAW(pw)"))
                    .hasMessageContaining("-Djdk.http.auth.tunneling.disabledSchemes=");
        }
    }

    @Test
    void proxyCredentialsNeedAProxy() {
        assertThat(startFailure("loganalytics:AppEvents?workspaceId=" + WS + "&sharedKey=RAW(" + KEY + ")&proxyUser=me"))
                .hasMessageContaining("need proxyHost");
    }
}
