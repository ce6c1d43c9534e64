package io.github.camelloganalytics.api;

/**
 * How requests are authenticated. Written as Camel's Azure components write theirs ({@code AZURE_IDENTITY}); the
 * camelCase spelling ({@code azureIdentity}) is accepted too.
 */
public enum CredentialType {
    /** dataCollector: the workspace shared key signs each request. */
    SHARED_KEY(LogAnalyticsApi.dataCollector),
    /**
     * logsIngestion: azure-identity's DefaultAzureCredential, which finds the identity where the application runs:
     * AKS workload identity, a managed identity (user-assigned when clientId is set), environment variables, the Azure
     * CLI.
     */
    AZURE_IDENTITY(LogAnalyticsApi.logsIngestion),
    /** logsIngestion: an app registration's client secret (tenantId, clientId, clientSecret), through azure-identity. */
    CLIENT_SECRET(LogAnalyticsApi.logsIngestion),
    /**
     * logsIngestion: an app registration's certificate (tenantId, clientId, clientCertificatePath, optionally
     * clientCertificatePassword), PEM or PFX, through azure-identity.
     */
    CLIENT_CERTIFICATE(LogAnalyticsApi.logsIngestion),
    /** logsIngestion: a com.azure.core.credential.TokenCredential bean, given as tokenCredential or found by type. */
    TOKEN_CREDENTIAL(LogAnalyticsApi.logsIngestion),
    /**
     * logsIngestion: a fixed bearer token given as accessToken, for the emulator and tests: allowed for loopback
     * endpoints only, and needs no Azure artifact.
     */
    ACCESS_TOKEN(LogAnalyticsApi.logsIngestion);

    private final LogAnalyticsApi api;

    CredentialType(LogAnalyticsApi api) {
        this.api = api;
    }

    /** The API this credential authenticates. */
    public LogAnalyticsApi api() {
        return api;
    }

    /** Whether this credential is built by azure-identity (and so needs it on the class path). */
    public boolean needsAzureIdentity() {
        return this == AZURE_IDENTITY || this == CLIENT_SECRET || this == CLIENT_CERTIFICATE;
    }

    /** Whether this credential needs azure-core's TokenCredential. */
    public boolean needsAzureCore() {
        return needsAzureIdentity() || this == TOKEN_CREDENTIAL;
    }
}
