package io.cellchat.platform.sqlite;

import io.cellchat.domain.id.HighWaterMark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The ID generator's high-water mark in the single process: a small file beside the database, replaced atomically
 * (write a temporary file, fsync it, rename it over the old one, fsync the folder), so {@link #store} is durable
 * when it returns and a crash leaves either the old or the new value.
 *
 * <p>Not in SQLite on purpose: the generator stores its mark while the database writer is inside a transaction
 * (events get IDs as they are appended), and a second SQLite writer at that moment would either wait for that
 * transaction or invalidate its snapshot.
 */
public final class FileHighWaterMark implements HighWaterMark {

    private final Path file;
    private final Path temporary;

    public FileHighWaterMark(Path file) {
        this.file = file.toAbsolutePath();
        this.temporary = this.file.resolveSibling(this.file.getFileName() + ".tmp");
    }

    @Override
    public synchronized long load() {
        if (!Files.exists(file)) {
            return -1;
        }
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return Long.parseLong(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ID high-water mark " + file, e);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the ID high-water mark " + file + " is corrupt (expected: a number)", e);
        }
    }

    @Override
    public synchronized void store(long millisSinceEpoch) {
        byte[] bytes = (millisSinceEpoch + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(bytes));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel folder = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                folder.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the ID high-water mark " + file, e);
        }
    }
}
