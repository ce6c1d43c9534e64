package io.github.camelloganalytics.transport.entra;

import java.time.Clock;
import java.util.Locale;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import io.github.camelloganalytics.api.AzureCloud;
import io.github.camelloganalytics.transport.BearerTokenSource;

/**
 * Builds the token source of a Logs Ingestion endpoint. This is the only place that touches azure-identity, and it
 * is loaded only for the credential types that need it, after
 * {@link io.github.camelloganalytics.transport.AzureDependencies} made sure the artifacts are there.
 */
public final class EntraCredentials {

    private EntraCredentials() {
    }

    /** The token source for the settings' credential type, authority and audience. */
    public static BearerTokenSource tokenSource(EntraSettings settings, Clock clock) {
        return new TokenCredentialSource(credential(settings), AzureCloud.scopeOf(settings.audience()), clock);
    }

    static TokenCredential credential(EntraSettings s) {
        return switch (s.type()) {
            case AZURE_IDENTITY -> {
                DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder().authorityHost(s.authorityHost());
                if (s.clientId() != null) {
                    // a user-assigned managed identity, or the workload identity of a pod, is chosen by its client id
                    builder.managedIdentityClientId(s.clientId()).workloadIdentityClientId(s.clientId());
                }
                if (s.tenantId() != null) {
                    builder.tenantId(s.tenantId());
                }
                yield builder.build();
            }
            case CLIENT_SECRET -> new ClientSecretCredentialBuilder()
                    .authorityHost(s.authorityHost())
                    .tenantId(s.tenantId())
                    .clientId(s.clientId())
                    .clientSecret(s.clientSecret())
                    .build();
            case CLIENT_CERTIFICATE -> {
                ClientCertificateCredentialBuilder builder = new ClientCertificateCredentialBuilder()
                        .authorityHost(s.authorityHost())
                        .tenantId(s.tenantId())
                        .clientId(s.clientId());
                String path = s.certificatePath().toLowerCase(Locale.ROOT);
                if (path.endsWith(".pfx") || path.endsWith(".p12")) {
                    builder.pfxCertificate(s.certificatePath());
                    if (s.certificatePassword() != null) {
                        builder.clientCertificatePassword(s.certificatePassword());
                    }
                } else {
                    builder.pemCertificate(s.certificatePath());
                }
                yield builder.build();
            }
            case TOKEN_CREDENTIAL -> {
                if (!(s.tokenCredential() instanceof TokenCredential given)) {
                    throw new IllegalArgumentException("tokenCredential must be a com.azure.core.credential.TokenCredential, got "
                                                       + (s.tokenCredential() == null ? "nothing"
                                                               : s.tokenCredential().getClass().getName()));
                }
                yield given;
            }
            default -> throw new IllegalArgumentException("credentialType=" + s.type() + " is not built by azure-identity");
        };
    }
}
