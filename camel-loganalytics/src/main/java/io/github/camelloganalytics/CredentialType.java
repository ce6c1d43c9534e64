package io.github.camelloganalytics;

/**
 * How requests are authenticated.
 */
public enum CredentialType {
    /** dataCollector: the workspace shared key signs each request. */
    sharedKey,
    /** logsIngestion: azure-identity's DefaultAzureCredential (workload identity, managed identity, environment, Azure CLI). */
    azureIdentity,
    /** logsIngestion: an app registration's client secret (tenantId, clientId, clientSecret), through azure-identity. */
    clientSecret,
    /** logsIngestion: a com.azure.core.credential.TokenCredential bean given as tokenCredential. */
    tokenCredential
}
