package io.github.camelloganalytics.quarkus.deployment;

import java.util.function.BooleanSupplier;

import io.github.camelloganalytics.DeliveryMode;
import io.github.camelloganalytics.api.AzureCloud;
import io.github.camelloganalytics.api.CredentialType;
import io.github.camelloganalytics.api.LogAnalyticsApi;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.nativeimage.NativeImageResourceBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ServiceProviderBuildItem;

/**
 * The extension's build steps for every launch mode: the feature, and what a native image needs beyond what Camel
 * Quarkus core registers for any component (the component, endpoint, producer, configurers and URI factory).
 */
class LogAnalyticsProcessor {

    static final String FEATURE = "camel-loganalytics";

    /** Read by name at run time: the version in the User-Agent header, and the component's option catalog. */
    static final String[] RESOURCES = {
            "io/github/camelloganalytics/camel-loganalytics.properties",
            "META-INF/io/github/camelloganalytics/loganalytics.json"
    };

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    @BuildStep
    NativeImageResourceBuildItem resources() {
        return new NativeImageResourceBuildItem(RESOURCES);
    }

    /**
     * Registers the component's secret option names with Camel before routes are read, so that Camel masks them;
     * Camel finds it with a ServiceLoader.
     */
    @BuildStep
    ServiceProviderBuildItem contextPlugin() {
        return ServiceProviderBuildItem.allProvidersFromClassPath("org.apache.camel.spi.ContextServicePlugin");
    }

    /** Option values become these enums by name, through {@code Enum.valueOf}. */
    @BuildStep
    ReflectiveClassBuildItem optionEnums() {
        return ReflectiveClassBuildItem.builder(LogAnalyticsApi.class, DeliveryMode.class, CredentialType.class,
                AzureCloud.class).methods().fields().build();
    }

    /**
     * The Entra ID path of the Logs Ingestion API, only when the application brings azure-identity: the HTTP client
     * azure-core finds with a ServiceLoader, the properties files the SDK reads its version from, and the instance
     * discovery answers MSAL reads into objects by reflection.
     */
    @BuildStep(onlyIf = AzureIdentityPresent.class)
    void azureIdentity(BuildProducer<ServiceProviderBuildItem> services, BuildProducer<NativeImageResourceBuildItem> resources,
                       BuildProducer<ReflectiveClassBuildItem> reflective) {
        services.produce(ServiceProviderBuildItem.allProvidersFromClassPath("com.azure.core.http.HttpClientProvider"));
        resources.produce(new NativeImageResourceBuildItem("azure-core.properties", "azure-identity.properties"));
        reflective.produce(ReflectiveClassBuildItem.builder("com.microsoft.aad.msal4j.AadInstanceDiscoveryResponse",
                "com.microsoft.aad.msal4j.InstanceDiscoveryMetadataEntry").fields().build());
    }

    /** Whether the application has azure-identity, the optional dependency of {@code credentialType=azureIdentity}. */
    static final class AzureIdentityPresent implements BooleanSupplier {
        @Override
        public boolean getAsBoolean() {
            try {
                Class.forName("com.azure.identity.DefaultAzureCredentialBuilder", false,
                        Thread.currentThread().getContextClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }
    }
}
