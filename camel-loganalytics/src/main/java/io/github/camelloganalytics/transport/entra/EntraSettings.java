package io.github.camelloganalytics.transport.entra;

import io.github.camelloganalytics.api.CredentialType;

/**
 * What a Logs Ingestion endpoint's credential is built from, as plain values.
 *
 * @param type                the credential type, one built from azure-identity or TOKEN_CREDENTIAL
 * @param tenantId            the tenant, or null
 * @param clientId            the managed or workload identity's client id, or the app registration's, or null
 * @param clientSecret        the app registration's secret (CLIENT_SECRET), or null
 * @param certificatePath     the app registration's certificate (CLIENT_CERTIFICATE), or null
 * @param certificatePassword the PFX certificate's password, or null
 * @param tokenCredential     the TokenCredential (TOKEN_CREDENTIAL), or null
 * @param authorityHost       the Microsoft Entra authority host
 * @param audience            the audience tokens are asked for
 */
public record EntraSettings(CredentialType type, String tenantId, String clientId, String clientSecret,
        String certificatePath, String certificatePassword, Object tokenCredential, String authorityHost,
        String audience) {

    @Override
    public String toString() {
        return "EntraSettings[" + type + ", tenantId=" + tenantId + ", clientId=" + clientId + ", authorityHost="
               + authorityHost + ", audience=" + audience + "]";
    }
}
