package io.github.camelloganalytics.emulator;

/**
 * The column types the Data Collector API creates, with the suffix it appends to the property name.
 */
public enum ColumnType {
    STRING("_s", "string"),
    REAL("_d", "real"),
    BOOL("_b", "bool"),
    DATETIME("_t", "datetime"),
    GUID("_g", "guid");

    private final String suffix;
    private final String typeName;

    ColumnType(String suffix, String typeName) {
        this.suffix = suffix;
        this.typeName = typeName;
    }

    /** The suffix appended to the property name, such as {@code _s}. */
    public String suffix() {
        return suffix;
    }

    /** The type name queries report, as Log Analytics names it. */
    public String typeName() {
        return typeName;
    }
}
