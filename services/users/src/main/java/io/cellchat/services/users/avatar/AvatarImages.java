package io.cellchat.services.users.avatar;

import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import net.coobird.thumbnailator.Thumbnails;
import net.coobird.thumbnailator.geometry.Positions;

/**
 * Turns an uploaded file into the one avatar format the server serves: a {@value #SIZE} x {@value #SIZE} JPEG, the
 * centre square of the image, turned upright by its EXIF orientation, transparency laid on white. What was uploaded
 * is never stored or served, so a file that is also a script or carries metadata (a phone's GPS position) leaves
 * nothing behind.
 *
 * <p>The type is told by the bytes, never by a name or a header: ImageIO's readers recognise JPEG, PNG, GIF and WebP
 * (TwelveMonkeys' plugins add WebP and the CMYK and odd-profile JPEGs the JDK reader refuses). Before any pixel is
 * decoded, the header's dimensions are checked ({@value #MAX_SIDE} px a side, {@value #MAX_PIXELS} pixels, a side
 * at most {@value #MAX_ASPECT} times the other), so a small file that would decode to gigabytes (a decompression
 * bomb) is refused for the price of reading its header; animated GIF, PNG and WebP are refused too. At most
 * {@value #CONCURRENT} images are decoded at once, which bounds the memory uploads can take (16 million pixels,
 * 64 MiB each); an upload that finds no free slot within 10 s is answered {@code UNAVAILABLE} (retriable, 503).
 * Thumbnailator does the scaling, cropping and encoding.
 */
public final class AvatarImages {

    /** The largest upload, in bytes (2 MiB); the HTTP layer refuses a larger body before it is read. */
    public static final int MAX_BYTES = 2 * 1024 * 1024;
    /** The side of every stored avatar, in pixels. */
    public static final int SIZE = 256;
    /** The media type of every stored avatar. */
    public static final String CONTENT_TYPE = "image/jpeg";
    /** The longest side an upload may have, in pixels. */
    public static final int MAX_SIDE = 8192;
    /** The most pixels an upload may have (width x height; 16 megapixels). */
    public static final long MAX_PIXELS = 16L * 1024 * 1024;
    /** How much longer one side may be than the other. */
    public static final int MAX_ASPECT = 10;
    /** How many uploads are decoded at once. */
    static final int CONCURRENT = 2;

    private static final Set<String> FORMATS = Set.of("jpeg", "png", "gif", "webp");
    private static final String EXPECTED = "expected: a still JPEG, PNG, GIF or WebP image";
    private static final float QUALITY = 0.85f;

    /** How long an upload waits for a decoding slot before it is answered {@code UNAVAILABLE}. */
    static final Duration SLOT_WAIT = Duration.ofSeconds(10);

    private final Semaphore decoders;
    private final Duration slotWait;

    public AvatarImages() {
        this(new Semaphore(CONCURRENT, true), SLOT_WAIT);
    }

    /** With the decoding slots given, so that a test can hold them. */
    AvatarImages(Semaphore decoders, Duration slotWait) {
        this.decoders = decoders;
        this.slotWait = slotWait;
        // Uploads are at most 2 MiB and held in memory already: no temporary files for ImageIO's stream caches.
        ImageIO.setUseCache(false);
    }

    /** The re-encoded avatar, or {@code INVALID_IMAGE} naming what is wrong with the upload. */
    public byte[] reencode(byte[] upload) {
        if (upload.length == 0) {
            throw invalid("avatar: empty body (" + EXPECTED + ")");
        }
        if (upload.length > MAX_BYTES) {
            throw new ChatException(ChatError.FRAME_TOO_LARGE, "avatar: " + upload.length + " bytes (expected: <= "
                    + MAX_BYTES + ")");
        }
        Header header = header(upload);
        header.check();
        acquire();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
            Thumbnails.of(new ByteArrayInputStream(upload))
                    .size(SIZE, SIZE)
                    .crop(Positions.CENTER)
                    .addFilter(AvatarImages::onWhite)
                    .outputFormat("jpg")
                    .outputQuality(QUALITY)
                    .toOutputStream(out);
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw invalid("avatar: the " + header.format() + " image cannot be decoded (" + EXPECTED + ")");
        } finally {
            decoders.release();
        }
    }

    /** What the header says: format, dimensions, frames. Reads no pixels (except GIF frame headers). */
    record Header(String format, int width, int height, int frames) {
        void check() {
            if (frames > 1) {
                throw invalid("avatar: an animated " + format + " image of " + frames + " frames (" + EXPECTED + ")");
            }
            if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE
                    || (long) width * height > MAX_PIXELS) {
                throw invalid("avatar: " + width + " x " + height + " pixels (expected: at most " + MAX_SIDE
                        + " a side and " + MAX_PIXELS + " pixels)");
            }
            if (Math.max(width, height) > (long) MAX_ASPECT * Math.min(width, height)) {
                throw invalid("avatar: " + width + " x " + height + " pixels (expected: neither side more than "
                        + MAX_ASPECT + " times the other)");
            }
        }
    }

    static Header header(byte[] upload) {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(upload))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw invalid("avatar: not an image (" + EXPECTED + ")");
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (!FORMATS.contains(format)) {
                    throw invalid("avatar: a " + format + " image (" + EXPECTED + ")");
                }
                reader.setInput(in, false, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                int frames = switch (format) {
                    case "png" -> animatedPng(upload) ? 2 : 1;
                    case "gif", "webp" -> reader.getNumImages(true);
                    default -> 1;
                };
                return new Header(format, width, height, frames);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ChatException chat) {
                throw chat;
            }
            throw invalid("avatar: not a readable image (" + EXPECTED + ")");
        }
    }

    /** An APNG has an {@code acTL} chunk before its first {@code IDAT}; the JDK's PNG reader ignores it. */
    static boolean animatedPng(byte[] png) {
        long at = 8;
        while (at + 8 <= png.length) {
            int length = ByteBuffer.wrap(png, (int) at, 4).getInt();
            String type = new String(png, (int) at + 4, 4, StandardCharsets.US_ASCII);
            if (type.equals("acTL")) {
                return true;
            }
            if (type.equals("IDAT") || length < 0) {
                return false;
            }
            at += 12L + length;
        }
        return false;
    }

    /** JPEG has no alpha: transparent pixels become white rather than black. */
    private static BufferedImage onWhite(BufferedImage image) {
        BufferedImage opaque = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = opaque.createGraphics();
        try {
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
            graphics.drawImage(image, 0, 0, null);
        } finally {
            graphics.dispose();
        }
        return opaque;
    }

    private void acquire() {
        try {
            if (!decoders.tryAcquire(slotWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ChatException(ChatError.UNAVAILABLE, "avatar: the server is busy with other images"
                        + " (" + CONCURRENT + " decoded at a time); try again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatException(ChatError.UNAVAILABLE, "avatar: interrupted; try again");
        }
    }

    private static ChatException invalid(String message) {
        return new ChatException(ChatError.INVALID_IMAGE, message);
    }
}
