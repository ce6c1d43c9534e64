package io.github.camelloganalytics.emulator;

/**
 * One of the ingestion APIs the emulator serves: which requests are its own, how it answers them, and its error shape,
 * which injected faults and unexpected failures answer in too.
 */
interface IngestionApi {

    /** Whether a request to this path is for this API. */
    boolean handles(String path);

    /** Checks the request as the service does, stores what it accepts, and answers. */
    EmulatorResponse handle(IngestionRequest request);

    /** An answer in this API's error shape. */
    EmulatorResponse error(int status, String code, String message);

    /** Records a request holds, for counting those stored without an answer; 0 if unreadable. */
    int countRecords(IngestionRequest request);
}
