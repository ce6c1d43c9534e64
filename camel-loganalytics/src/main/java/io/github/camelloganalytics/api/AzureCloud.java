package io.github.camelloganalytics.api;

/**
 * The Azure cloud a workspace or data collection rule lives in: it decides the Data Collector host suffix and the
 * Microsoft Entra ID authority and token audience of the Logs Ingestion API.
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

    /**
     * The scope a token for an audience is asked for: the audience followed by {@code //.default}, as Microsoft's own
     * Logs Ingestion clients ask (the audience is an app id URI that ends without a slash).
     */
    public static String scopeOf(String audience) {
        String trimmed = audience.endsWith("/") ? audience.substring(0, audience.length() - 1) : audience;
        return trimmed + "//.default";
    }

    /** Parses the option value; case-insensitive. */
    public static AzureCloud fromOption(String value) {
        for (AzureCloud cloud : values()) {
            if (cloud.optionValue.equalsIgnoreCase(value)) {
                return cloud;
            }
        }
        throw new IllegalArgumentException(
                "Unknown cloud '" + value + "': expected one of public, usGovernment, china (for another cloud, set"
                                           + " authorityHost and tokenAudience)");
    }
}
