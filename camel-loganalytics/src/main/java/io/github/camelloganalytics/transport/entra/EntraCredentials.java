package io.github.camelloganalytics.transport.entra;

import java.time.Clock;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import io.github.camelloganalytics.AzureCloud;
import io.github.camelloganalytics.CredentialType;
import io.github.camelloganalytics.LogAnalyticsConfiguration;
import io.github.camelloganalytics.transport.BearerTokenSource;

/**
 * Builds the token source of a logsIngestion endpoint. This is the only place that touches azure-identity, and it
 * is loaded only for logsIngestion, after {@link io.github.camelloganalytics.transport.AzureDependencies} made sure
 * the artifacts are there.
 */
public final class EntraCredentials {

    private EntraCredentials() {
    }

    /** The token source for the configuration's credential type and cloud. */
    public static BearerTokenSource tokenSource(LogAnalyticsConfiguration configuration) {
        AzureCloud cloud = configuration.azureCloud();
        TokenCredential credential = switch (configuration.effectiveCredentialType()) {
            case azureIdentity -> new DefaultAzureCredentialBuilder().authorityHost(cloud.authorityHost()).build();
            case clientSecret -> new ClientSecretCredentialBuilder()
                    .authorityHost(cloud.authorityHost())
                    .tenantId(configuration.getTenantId())
                    .clientId(configuration.getClientId())
                    .clientSecret(configuration.getClientSecret())
                    .build();
            case tokenCredential -> {
                if (!(configuration.getTokenCredential() instanceof TokenCredential given)) {
                    throw new IllegalArgumentException("tokenCredential must be a com.azure.core.credential.TokenCredential, got "
                                                       + (configuration.getTokenCredential() == null ? "nothing"
                                                               : configuration.getTokenCredential().getClass().getName()));
                }
                yield given;
            }
            case sharedKey -> throw new IllegalArgumentException(
                    "credentialType=sharedKey is for api=dataCollector; logsIngestion takes azureIdentity, clientSecret or tokenCredential");
        };
        return new TokenCredentialSource(credential, cloud.monitorAudience() + "//.default", Clock.systemUTC());
    }
}
