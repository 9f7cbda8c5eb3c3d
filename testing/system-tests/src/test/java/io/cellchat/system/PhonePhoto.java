package io.cellchat.system;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A JPEG as a phone takes it, made in the test rather than committed: stored sideways with an EXIF orientation that
 * says "turn 90 degrees clockwise to show" (6), a GPS position in its EXIF, and a comment segment. The picture is
 * red in its stored top half and blue in its bottom half, so once turned upright red is on the right.
 */
final class PhonePhoto {

    /** The comment written into the photo; the served avatar must not carry it. */
    static final String COMMENT = "taken at home, 48.8584 N 2.2945 E";

    private static final int ORIENTATION = 0x0112;
    private static final int GPS_IFD = 0x8825;
    private static final int GPS_LATITUDE_REF = 0x0001;
    private static final int GPS_LATITUDE = 0x0002;

    private PhonePhoto() {}

    static byte[] jpeg(int side) throws IOException {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, side, side / 2);
        g.setColor(Color.BLUE);
        g.fillRect(0, side / 2, side, side - side / 2);
        g.dispose();
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", plain);
        byte[] jpeg = plain.toByteArray();

        byte[] exif = ByteBuffer.allocate(6 + tiff().length).put("Exif\0\0".getBytes(StandardCharsets.US_ASCII))
                .put(tiff()).array();
        byte[] app1 = segment(0xE1, exif);
        byte[] comment = segment(0xFE, COMMENT.getBytes(StandardCharsets.US_ASCII));
        // After SOI and the JFIF APP0 segment (which must come first) that ImageIO writes.
        int at = 2 + 2 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
        return ByteBuffer.allocate(jpeg.length + app1.length + comment.length).put(jpeg, 0, at).put(app1)
                .put(comment).put(jpeg, at, jpeg.length - at).array();
    }

    /** Big-endian TIFF: IFD0 with the orientation and a pointer to a GPS IFD holding a latitude. */
    private static byte[] tiff() {
        int ifd0 = 8;
        int gps = ifd0 + 2 + 2 * 12 + 4;
        int latitude = gps + 2 + 2 * 12 + 4;
        ByteBuffer tiff = ByteBuffer.allocate(latitude + 3 * 8);
        tiff.put("MM".getBytes(StandardCharsets.US_ASCII)).putShort((short) 42).putInt(ifd0);
        tiff.putShort((short) 2);
        entry(tiff, ORIENTATION, 3, 1, 6 << 16);
        entry(tiff, GPS_IFD, 4, 1, gps);
        tiff.putInt(0);
        tiff.putShort((short) 2);
        entry(tiff, GPS_LATITUDE_REF, 2, 2, 'N' << 24);
        entry(tiff, GPS_LATITUDE, 5, 3, latitude);
        tiff.putInt(0);
        tiff.putInt(48).putInt(1).putInt(51).putInt(1).putInt(3024).putInt(100);
        return tiff.array();
    }

    private static void entry(ByteBuffer tiff, int tag, int type, int count, int value) {
        tiff.putShort((short) tag).putShort((short) type).putInt(count).putInt(value);
    }

    private static byte[] segment(int marker, byte[] data) {
        return ByteBuffer.allocate(4 + data.length).put((byte) 0xFF).put((byte) marker)
                .putShort((short) (2 + data.length)).put(data).array();
    }

    /** The markers of a JPEG's header segments, from SOI up to the start of the scan (SOS). */
    static List<Integer> markers(byte[] jpeg) {
        List<Integer> markers = new ArrayList<>();
        int at = 2;
        while (at + 4 <= jpeg.length && (jpeg[at] & 0xFF) == 0xFF) {
            int marker = jpeg[at + 1] & 0xFF;
            markers.add(marker);
            if (marker == 0xDA) {
                break;
            }
            at += 2 + (((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF));
        }
        return markers;
    }
}
