package io.cellchat.services.users.avatar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.concurrent.Semaphore;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;

/** Avatar re-encoding on real images made here: what is accepted, what comes out, and every refusal. */
class AvatarImagesTest {

    private final AvatarImages images = new AvatarImages();

    private static BufferedImage picture(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(20, 90, 200));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.ORANGE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).as("a writer for " + format).isTrue();
        return out.toByteArray();
    }

    private static BufferedImage decode(byte[] bytes) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    private void assertRefused(byte[] upload, String messagePart) {
        assertThatThrownBy(() -> images.reencode(upload))
                .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.error()).isEqualTo(ChatError.INVALID_IMAGE))
                .hasMessageContaining(messagePart);
    }

    @Test
    void should_turn_a_png_into_a_256_pixel_square_jpeg() throws IOException {
        byte[] avatar = images.reencode(encode(picture(800, 600, BufferedImage.TYPE_INT_RGB), "png"));

        assertThat(avatar).startsWith(0xFF, 0xD8, 0xFF);
        BufferedImage decoded = decode(avatar);
        assertThat(decoded.getWidth()).isEqualTo(AvatarImages.SIZE);
        assertThat(decoded.getHeight()).isEqualTo(AvatarImages.SIZE);
        assertThat(new Color(decoded.getRGB(128, 128)).getRed()).as("the centre of the orange disc").isGreaterThan(200);
    }

    @Test
    void should_accept_jpeg_and_still_gif_and_scale_a_small_image_up() throws IOException {
        assertThat(decode(images.reencode(encode(picture(1024, 1024, BufferedImage.TYPE_INT_RGB), "jpg"))).getWidth())
                .isEqualTo(256);
        assertThat(decode(images.reencode(encode(picture(40, 60, BufferedImage.TYPE_INT_RGB), "gif"))).getHeight())
                .isEqualTo(256);
    }

    @Test
    void should_accept_webp_lossy_and_lossless_through_the_twelvemonkeys_reader() throws IOException {
        // The two 1 x 1 images browsers' WebP feature tests decode.
        byte[] lossy = java.util.Base64.getDecoder().decode("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA");
        byte[] lossless = java.util.Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");

        assertThat(AvatarImages.header(lossy).format()).isEqualTo("webp");
        assertThat(decode(images.reencode(lossy)).getWidth()).isEqualTo(AvatarImages.SIZE);
        assertThat(decode(images.reencode(lossless)).getHeight()).isEqualTo(AvatarImages.SIZE);
    }

    @Test
    void should_lay_transparency_on_white() throws IOException {
        BufferedImage clear = new BufferedImage(300, 300, BufferedImage.TYPE_INT_ARGB);

        BufferedImage decoded = decode(images.reencode(encode(clear, "png")));

        Color corner = new Color(decoded.getRGB(0, 0));
        assertThat(corner.getRed()).isGreaterThan(245);
        assertThat(corner.getBlue()).isGreaterThan(245);
    }

    @Test
    void should_tell_the_type_by_content_and_refuse_text_and_other_formats() throws IOException {
        assertRefused("<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(StandardCharsets.UTF_8), "not an image");
        assertRefused(encode(picture(64, 64, BufferedImage.TYPE_INT_RGB), "bmp"), "a bmp image");
        assertRefused(new byte[0], "empty body");
    }

    @Test
    void should_refuse_a_truncated_image() throws IOException {
        byte[] png = encode(picture(400, 400, BufferedImage.TYPE_INT_RGB), "png");
        byte[] truncated = java.util.Arrays.copyOf(png, 60);

        assertThatThrownBy(() -> images.reencode(truncated)).isInstanceOfSatisfying(ChatException.class,
                e -> assertThat(e.error()).isEqualTo(ChatError.INVALID_IMAGE));
    }

    @Test
    void should_refuse_a_decompression_bomb_by_its_header_before_decoding() {
        byte[] bomb = pngHeaderOnly(60_000, 60_000);

        long started = System.nanoTime();
        assertRefused(bomb, "60000 x 60000 pixels");
        assertThat(System.nanoTime() - started).as("no pixel was decoded").isLessThan(2_000_000_000L);
    }

    @Test
    void should_refuse_too_many_pixels_and_a_strip() throws IOException {
        assertRefused(pngHeaderOnly(5000, 5000), "16777216 pixels");
        assertRefused(encode(picture(2200, 200, BufferedImage.TYPE_INT_RGB), "png"), "10 times the other");
    }

    @Test
    void should_refuse_an_animated_gif() throws IOException {
        assertRefused(animatedGif(), "an animated gif image of 2 frames");
    }

    @Test
    void should_refuse_an_animated_png() throws IOException {
        byte[] png = encode(picture(64, 64, BufferedImage.TYPE_INT_RGB), "png");
        byte[] apng = withChunkAfterHeader(png, "acTL", ByteBuffer.allocate(8).putInt(2).putInt(0).array());

        assertThat(AvatarImages.animatedPng(png)).isFalse();
        assertRefused(apng, "an animated png image");
    }

    @Test
    void should_refuse_an_upload_over_the_limit_with_frame_too_large() {
        byte[] huge = new byte[AvatarImages.MAX_BYTES + 1];

        assertThatThrownBy(() -> images.reencode(huge)).isInstanceOfSatisfying(ChatException.class,
                e -> assertThat(e.error()).isEqualTo(ChatError.FRAME_TOO_LARGE));
    }

    @Test
    void should_answer_unavailable_while_both_decoding_slots_are_busy_and_decode_once_one_is_free()
            throws Exception {
        Semaphore slots = new Semaphore(AvatarImages.CONCURRENT);
        AvatarImages busy = new AvatarImages(slots, Duration.ofMillis(100));
        byte[] upload = encode(picture(300, 300, BufferedImage.TYPE_INT_RGB), "png");
        slots.acquire(AvatarImages.CONCURRENT);

        assertThatThrownBy(() -> busy.reencode(upload)).isInstanceOfSatisfying(ChatException.class, e -> {
            assertThat(e.error()).isEqualTo(ChatError.UNAVAILABLE);
            assertThat(e.error().retriable()).isTrue();
        }).hasMessageContaining("busy with other images (2 decoded at a time); try again");
        assertThatThrownBy(() -> busy.reencode(pngHeaderOnly(60_000, 60_000))).as("a bomb is refused by its header,"
                + " without waiting for a slot").isInstanceOfSatisfying(ChatException.class,
                e -> assertThat(e.error()).isEqualTo(ChatError.INVALID_IMAGE));

        slots.release();
        assertThat(decode(busy.reencode(upload)).getWidth()).isEqualTo(AvatarImages.SIZE);
        assertThat(slots.availablePermits()).as("the slot is given back").isEqualTo(1);
    }

    /** A PNG signature and IHDR claiming the dimensions, then nothing: what a bomb's header says. */
    private static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        ByteBuffer png = ByteBuffer.allocate(8 + 25);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        png.put(chunk("IHDR", ihdr.array()));
        return png.array();
    }

    private static byte[] chunk(String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(name).put(data).putInt((int) crc.getValue())
                .array();
    }

    private static byte[] withChunkAfterHeader(byte[] png, String type, byte[] data) {
        int afterIhdr = 8 + 25;
        byte[] inserted = chunk(type, data);
        return ByteBuffer.allocate(png.length + inserted.length).put(png, 0, afterIhdr).put(inserted)
                .put(png, afterIhdr, png.length - afterIhdr).array();
    }

    private static byte[] animatedGif() throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < 2; i++) {
                BufferedImage frame = picture(32, 32, BufferedImage.TYPE_INT_RGB);
                IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame),
                        null);
                IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree("javax_imageio_gif_image_1.0");
                IIOMetadataNode control = new IIOMetadataNode("GraphicControlExtension");
                control.setAttribute("disposalMethod", "none");
                control.setAttribute("userInputFlag", "FALSE");
                control.setAttribute("transparentColorFlag", "FALSE");
                control.setAttribute("delayTime", "10");
                control.setAttribute("transparentColorIndex", "0");
                root.appendChild(control);
                metadata.setFromTree("javax_imageio_gif_image_1.0", root);
                writer.writeToSequence(new IIOImage(frame, null, metadata), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
