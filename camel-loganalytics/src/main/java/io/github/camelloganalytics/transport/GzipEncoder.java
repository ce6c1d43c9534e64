package io.github.camelloganalytics.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Compresses request bodies to gzip at a fixed Deflater level.
 */
public final class GzipEncoder {

    private final int level;

    /**
     * @param level a {@link Deflater} level, 1 (fastest) to 9 (smallest)
     */
    public GzipEncoder(int level) {
        if (level < Deflater.BEST_SPEED || level > Deflater.BEST_COMPRESSION) {
            throw new IllegalArgumentException("compression level must be 1 to 9, got " + level);
        }
        this.level = level;
    }

    public byte[] encode(byte[] json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, json.length / 4));
        try (GZIPOutputStream gz = new LeveledGzipOutputStream(out, level)) {
            gz.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public int level() {
        return level;
    }

    private static final class LeveledGzipOutputStream extends GZIPOutputStream {
        LeveledGzipOutputStream(ByteArrayOutputStream out, int level) throws IOException {
            super(out, 8192);
            def.setLevel(level);
        }
    }
}
