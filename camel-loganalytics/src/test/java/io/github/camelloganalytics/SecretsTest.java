package io.github.camelloganalytics;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.util.URISupport;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.requestMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No shared key ever shows: not in endpoint URIs or their string forms, not in exception messages, not in JMX, not
 * in log output at any level.
 */
class SecretsTest extends WireMockServiceSupport {

    /** Each key as written, as a URI decodes it without RAW, and URL-encoded. */
    private static List<String> forms(String key) {
        return List.of(key, key.replace('+', ' '), key.replace("+", "%2B").replace("/", "%2F"),
                key.substring(0, 24));
    }

    private static void assertNoSecret(String text) {
        for (String key : List.of(KEY, SECONDARY_KEY)) {
            for (String form : forms(key)) {
                assertThat(text).doesNotContain(form);
            }
        }
    }

    @Override
    protected boolean useJmx() {
        return true;
    }

    private String bothKeysUri() {
        return uri("AppEvents", "batchTimeout=10&secondarySharedKey=RAW(" + SECONDARY_KEY + ")");
    }

    @Override
    protected java.util.Properties useOverridePropertiesWithPropertiesComponent() {
        java.util.Properties properties = new java.util.Properties();
        properties.put("la.key", KEY);
        properties.put("la.key2", SECONDARY_KEY);
        return properties;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // keys as placeholders, as the docs advise: the route model keeps the placeholder, not the key
                from("direct:ship").routeId("ship")
                        .to("loganalytics:AppEvents?workspaceId=" + WORKSPACE + "&sharedKey=RAW({{la.key}})"
                            + "&secondarySharedKey=RAW({{la.key2}})&endpoint=http://localhost:" + service.getPort()
                            + "&batchTimeout=10");
            }
        };
    }

    @Test
    void endpointUriAndItsStringFormHideBothKeys() {
        Endpoint endpoint = context.getEndpoint(bothKeysUri());

        assertNoSecret(endpoint.getEndpointUri());
        assertNoSecret(endpoint.toString());
        assertNoSecret(endpoint.getEndpointBaseUri());
        assertThat(endpoint.getEndpointUri()).contains("sharedKey=xxxxxx", "secondarySharedKey=xxxxxx");
    }

    @Test
    void clientSecretNeverShowsInTheEndpoint() {
        String secret = "Qx8~client.secret-value_42";
        Endpoint endpoint = context.getEndpoint("loganalytics:AppEvents?api=logsIngestion&endpoint=https://dce.example.com"
                                                + "&ruleId=dcr-000a00a000a00000a000000aa000a0aa&credentialType=clientSecret"
                                                + "&tenantId=contoso.onmicrosoft.com&clientId=app&clientSecret=RAW(" + secret + ")");

        assertThat(endpoint.getEndpointUri()).doesNotContain(secret).contains("clientSecret=xxxxxx");
        assertThat(endpoint.toString()).doesNotContain(secret);
        assertThat(URISupport.sanitizeUri("loganalytics:AppEvents?clientSecret=" + secret)).doesNotContain(secret);
    }

    @Test
    void camelSanitizesTheSharedKeyInUris() {
        context.getEndpoint(bothKeysUri()); // loads the component, which registers the keyword
        assertNoSecret(URISupport.sanitizeUri(uri("AppEvents", "batchTimeout=10")));
        assertNoSecret(URISupport.sanitizeUri("loganalytics:AppEvents?secondarySharedKey=RAW(" + SECONDARY_KEY + ")"));
    }

    @Test
    void nothingInLogsExceptionsOrJmxShowsAKey() throws Exception {
        service.stubFor(requestMatching(signedWith(SECONDARY_KEY)).atPriority(1).willReturn(ok()));
        service.stubFor(post(urlPathEqualTo("/api/logs")).atPriority(5).willReturn(aResponse().withStatus(403)
                .withBody("{\"Error\":\"InvalidAuthorization\",\"Message\":\"An invalid scheme was specified\"}")));
        List<String> exceptionTexts = new ArrayList<>();

        // Camel core logs raw endpoint URIs at TRACE ("Getting endpoint with uri"), for every component: the docs
        // say so; everything of this component's, and the rest of Camel at DEBUG, is checked here
        try (LogCapture ours = new LogCapture(Level.TRACE, "io.github.camelloganalytics");
             LogCapture logs = new LogCapture(Level.DEBUG, "org.apache.camel")) {
            Exchange accepted = template.request("direct:ship", e -> e.getMessage().setBody(Map.of("a", 1)));
            assertThat(accepted.getException()).isNull();

            // a key that the service refuses, with no other to try: the failure travels through the error handler
            String refusedOnly = uri("Audit", "batchTimeout=10");
            Exchange refused = template.request(refusedOnly, e -> e.getMessage().setBody(Map.of("a", 2)));
            assertThat(refused.getException()).isInstanceOf(LogAnalyticsException.class);
            exceptionTexts.add(refused.getException().toString());

            Exchange invalid = template.request("direct:ship", e -> e.getMessage().setBody("not json"));
            exceptionTexts.add(invalid.getException().toString());

            exceptionTexts.add(jmxDump());
            context.stop();

            assertThat(ours.all()).contains("Request body");
            assertThat(logs.lines()).isNotEmpty();
            ours.lines().forEach(SecretsTest::assertNoSecret);
            logs.lines().forEach(SecretsTest::assertNoSecret);
        }
        exceptionTexts.forEach(SecretsTest::assertNoSecret);
    }

    @Test
    void secretOptionsInKebabCaseAreMaskedToo() throws Exception {
        service.stubFor(post(urlPathEqualTo("/api/logs")).willReturn(ok()));
        String kebab = "loganalytics:AppEvents?workspace-id=" + WORKSPACE + "&shared-key=RAW(" + KEY + ")"
                       + "&secondary-shared-key=RAW(" + SECONDARY_KEY + ")&endpoint=http://localhost:" + service.getPort()
                       + "&batch-timeout=10";
        Endpoint endpoint = context.getEndpoint(kebab);
        Exchange result = template.request(endpoint, e -> e.getMessage().setBody(Map.of("a", 1)));

        assertThat(result.getException()).as("kebab-case options work").isNull();
        assertThat(endpoint.getEndpointUri()).contains("shared-key=xxxxxx", "secondary-shared-key=xxxxxx");
        assertNoSecret(endpoint.getEndpointUri());
        assertNoSecret(endpoint.toString());
        assertNoSecret(jmxDump());
        // Camel's own sanitizer masks the first extra keyword of a URI only: one literal key per URI string is safe
        assertNoSecret(URISupport.sanitizeUri("loganalytics:AppEvents?shared-key=RAW(" + KEY + ")&batch-timeout=10"));
        assertNoSecret(URISupport.sanitizeUri("loganalytics:AppEvents?secondary-shared-key=" + SECONDARY_KEY));
    }

    @Test
    void theProxyPasswordIsMaskedAsCamelMasksPasswords() {
        Endpoint endpoint = context.getEndpoint(uri("AppEvents", "proxyHost=proxy.example&proxyPort=3128&proxyUser=me"
                                                                 + "&proxy-password=RAW(" + KEY + ")"));
        assertNoSecret(endpoint.getEndpointUri());
        assertNoSecret(endpoint.toString());
    }

    /** Every attribute of every Camel MBean, as text. */
    private static String jmxDump() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        StringBuilder dump = new StringBuilder();
        Set<ObjectName> names = server.queryNames(new ObjectName("org.apache.camel:*"), null);
        assertThat(names).isNotEmpty();
        for (ObjectName name : names) {
            dump.append(name).append('\n');
            for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                try {
                    dump.append(attribute.getName()).append('=').append(server.getAttribute(name, attribute.getName())).append('\n');
                } catch (Exception e) {
                    // some attributes are unavailable in this state
                }
            }
        }
        assertThat(dump).contains("loganalytics");
        return dump.toString();
    }
}
