package io.github.camelloganalytics.transport;

import io.github.camelloganalytics.api.CredentialType;

/**
 * Checks that the optional Azure artifacts a credential type needs are on the classpath, before any class that
 * refers to them is loaded, so a missing artifact gives a message that names it instead of a NoClassDefFoundError.
 */
public final class AzureDependencies {

    private AzureDependencies() {
    }

    /**
     * @throws IllegalStateException naming the artifact to add
     */
    public static void require(CredentialType type, ClassLoader loader) {
        if (type.needsAzureIdentity()) {
            // azure-identity brings azure-core: it is the one artifact to name
            require("com.azure.identity.DefaultAzureCredentialBuilder", "com.azure:azure-identity", type, loader);
        }
        if (type.needsAzureCore()) {
            require("com.azure.core.credential.TokenCredential", "com.azure:azure-core", type, loader);
        }
    }

    static void require(String className, String artifact, CredentialType type, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("the Logs Ingestion API with credentialType=" + type + " needs " + artifact
                                            + " on the classpath: add the dependency " + artifact
                                            + " (its version from com.azure:azure-sdk-bom)");
        }
    }
}
