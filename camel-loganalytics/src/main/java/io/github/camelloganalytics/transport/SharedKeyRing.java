package io.github.camelloganalytics.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workspace keys an endpoint may sign with: a primary (given or read from a file) and an optional secondary.
 * A key file is read again when it changes, checked at most once per {@link #FILE_CHECK_INTERVAL_NANOS}; when the
 * service refuses the key in use, the ring re-reads the file and otherwise switches to the other key, which it keeps
 * while it works.
 */
public final class SharedKeyRing {

    static final long FILE_CHECK_INTERVAL_NANOS = 1_000_000_000L;

    private static final Logger LOG = LoggerFactory.getLogger(SharedKeyRing.class);

    private final Path keyFile;
    private final SharedKey secondary;
    private final LongSupplier nanoClock;
    private SharedKey primary;
    private SharedKey current;
    private FileTime fileTime;
    private long nextFileCheck;

    private SharedKeyRing(SharedKey primary, Path keyFile, FileTime fileTime, SharedKey secondary, LongSupplier nanoClock) {
        this.primary = primary;
        this.keyFile = keyFile;
        this.fileTime = fileTime;
        this.secondary = secondary;
        this.current = primary;
        this.nanoClock = nanoClock;
        this.nextFileCheck = nanoClock.getAsLong() + FILE_CHECK_INTERVAL_NANOS;
    }

    /** Keys given as values. */
    public static SharedKeyRing of(SharedKey primary, SharedKey secondary) {
        return new SharedKeyRing(primary, null, null, secondary, System::nanoTime);
    }

    /**
     * The key read from a file, plus an optional secondary.
     *
     * @throws IllegalArgumentException if the file cannot be read or does not hold a key; the message names the file
     */
    public static SharedKeyRing fromFile(Path keyFile, SharedKey secondary, LongSupplier nanoClock) {
        FileTime time = modified(keyFile);
        return new SharedKeyRing(read(keyFile), keyFile, time, secondary, nanoClock);
    }

    /** The key to sign with now. */
    public synchronized SharedKey current() {
        if (keyFile != null && nanoClock.getAsLong() - nextFileCheck >= 0) {
            reloadIfChanged(false);
        }
        return current;
    }

    /** How many distinct keys the ring may try for one request. */
    public int size() {
        return secondary == null ? 1 : 2;
    }

    /**
     * The service refused {@code refused} (403). Picks another key if there is one.
     *
     * @return true when the key in use is now different from the refused one, so the request is worth repeating
     */
    public synchronized boolean refused(SharedKey refused) {
        if (current != refused) {
            return true; // another request already moved on
        }
        if (keyFile != null && reloadIfChanged(true)) {
            return true;
        }
        SharedKey other = current == primary ? secondary : primary;
        if (other == null || other.sameKeyAs(current)) {
            return false;
        }
        LOG.warn("The service refused the shared key from {}; signing with the key from {} from now on",
                current.source(), other.source());
        current = other;
        return true;
    }

    /** Reads the file again if its time changed, or always when {@code force}; true if the key changed. */
    private boolean reloadIfChanged(boolean force) {
        nextFileCheck = nanoClock.getAsLong() + FILE_CHECK_INTERVAL_NANOS;
        try {
            FileTime time = modified(keyFile);
            if (!force && time.equals(fileTime)) {
                return false;
            }
            SharedKey fresh = read(keyFile);
            fileTime = time;
            if (fresh.sameKeyAs(primary)) {
                return false;
            }
            LOG.info("Shared key file {} changed; signing with the new key", keyFile);
            primary = fresh;
            current = fresh;
            return true;
        } catch (IllegalArgumentException e) {
            // mid-rotation the file may be briefly missing or partial: keep the key that we have
            LOG.warn("Cannot read the shared key file: {}; keeping the current key", e.getMessage());
            return false;
        }
    }

    private static SharedKey read(Path file) {
        try {
            return SharedKey.decode(Files.readString(file, StandardCharsets.UTF_8), "sharedKeyFile " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("sharedKeyFile " + file + " cannot be read: " + e, e);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("sharedKeyFile " + file + " cannot be read: " + e, e);
        }
    }
}
