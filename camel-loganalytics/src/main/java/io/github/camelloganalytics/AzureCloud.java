package io.github.camelloganalytics;

/**
 * The Azure cloud a workspace lives in: it decides the ingestion host suffix and the Entra ID authority and audience.
 */
public enum AzureCloud {
    /** Azure public cloud. */
    PUBLIC("public", "ods.opinsights.azure.com", "https://login.microsoftonline.com/", "https://monitor.azure.com"),
    /** Azure US Government. */
    US_GOVERNMENT("usGovernment", "ods.opinsights.azure.us", "https://login.microsoftonline.us/", "https://monitor.azure.us"),
    /** Azure operated by 21Vianet (China). */
    CHINA("china", "ods.opinsights.azure.cn", "https://login.chinacloudapi.cn/", "https://monitor.azure.cn");

    private final String optionValue;
    private final String dataCollectorHostSuffix;
    private final String authorityHost;
    private final String monitorAudience;

    AzureCloud(String optionValue, String dataCollectorHostSuffix, String authorityHost, String monitorAudience) {
        this.optionValue = optionValue;
        this.dataCollectorHostSuffix = dataCollectorHostSuffix;
        this.authorityHost = authorityHost;
        this.monitorAudience = monitorAudience;
    }

    /** The value users write in the {@code cloud} option. */
    public String optionValue() {
        return optionValue;
    }

    /** Host suffix of the Data Collector API: the host is {@code <workspaceId>.<suffix>}. */
    public String dataCollectorHostSuffix() {
        return dataCollectorHostSuffix;
    }

    /** Microsoft Entra ID authority host. */
    public String authorityHost() {
        return authorityHost;
    }

    /** Audience of Logs Ingestion API tokens. */
    public String monitorAudience() {
        return monitorAudience;
    }

    /** Parses the option value; case-insensitive. */
    public static AzureCloud fromOption(String value) {
        for (AzureCloud cloud : values()) {
            if (cloud.optionValue.equalsIgnoreCase(value)) {
                return cloud;
            }
        }
        throw new IllegalArgumentException(
                "Unknown cloud '" + value + "': expected one of public, usGovernment, china");
    }
}
