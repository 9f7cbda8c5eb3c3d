package io.cellchat.contracts.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Reads the JSON encoding of the protocol strictly, exactly as docs/protocol.md ("JSON rules") documents it, into a
 * protobuf builder. It is the one JSON reader for every client input (WebSocket text frames and REST bodies).
 *
 * <p>Why not protobuf's {@code JsonFormat}: it reads through a lenient Gson reader (comments, single quotes, unquoted
 * names and trailing garbage pass), coerces types ({@code "text":5} becomes {@code "5"}), lets the last of two
 * oneof members win, and decodes malformed UTF-8 to U+FFFD, so the server stored something other than what it
 * acknowledged. Here Jackson's streaming parser checks the syntax (no leniency feature is enabled; duplicate names
 * are refused), and the binding below checks every value against the field's type:
 * <ul>
 *   <li>the input is valid UTF-8 (no overlong forms, no encoded surrogates, nothing truncated), starts without a
 *       byte order mark, and is exactly one JSON object; strings hold no unpaired surrogate escapes;</li>
 *   <li>a field is named in lowerCamelCase or its proto snake_case, at most once (also across the two spellings);
 *       unknown names are ignored, so an older server reads a newer client's frame;</li>
 *   <li>{@code string}: a JSON string; {@code bool}: {@code true} or {@code false}; {@code int32}: a JSON integer
 *       in range; {@code int64}: a JSON integer or a string of decimal digits (IDs do not fit in a JavaScript
 *       number); an enum: its name as a string, an unknown name reading as the zero value; a message: an object;
 *       a repeated field: an array; {@code null} nowhere (leave a field out for its default);</li>
 *   <li>at most one member of a oneof (a frame has one kind).</li>
 * </ul>
 * A violation throws {@link MalformedMessageException} naming the field path and what was expected. Printing stays
 * with {@link io.cellchat.contracts.ProtoJson}, whose canonical output this reader accepts.
 */
public final class StrictJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(32)
                    .maxNumberLength(40)
                    .build())
            .build();
    private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)");
    private static final Map<Descriptor, Map<String, FieldDescriptor>> NAMES = new ConcurrentHashMap<>();

    private StrictJson() {}

    /** Reads UTF-8 bytes (a WebSocket text frame, a REST body) into {@code builder}. */
    public static <B extends Message.Builder> B parse(byte[] utf8, B builder) throws MalformedMessageException {
        return parse(utf8(utf8), builder);
    }

    /** Reads text already decoded (from a source that guaranteed UTF-8) into {@code builder}. */
    public static <B extends Message.Builder> B parse(String json, B builder) throws MalformedMessageException {
        if (!json.isEmpty() && json.charAt(0) == '\uFEFF') {
            throw new MalformedMessageException("a byte order mark before the JSON (expected: '{' first)");
        }
        try (JsonParser parser = FACTORY.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new MalformedMessageException("the JSON is " + describe(first) + " (expected: an object)");
            }
            readObject(parser, builder, "");
            JsonToken after = parser.nextToken();
            if (after != null) {
                throw new MalformedMessageException("more after the JSON object at offset "
                        + parser.currentTokenLocation().getCharOffset() + " (expected: one object per frame)");
            }
            return builder;
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("not valid JSON: " + e.getOriginalMessage() + " at offset "
                    + (e.getLocation() == null ? -1 : e.getLocation().getCharOffset()));
        } catch (IOException e) {
            throw new IllegalStateException("reading a String cannot fail", e);
        }
    }

    /** Decodes strict UTF-8: anything malformed is refused, never replaced. */
    public static String utf8(byte[] bytes) throws MalformedMessageException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            CharBuffer chars = decoder.decode(in);
            return chars.toString();
        } catch (MalformedInputException e) {
            throw new MalformedMessageException("not UTF-8: " + e.getInputLength() + " invalid byte(s) at offset "
                    + in.position() + " (expected: valid UTF-8 text)");
        } catch (CharacterCodingException e) {
            throw new MalformedMessageException("not UTF-8 at offset " + in.position() + " (expected: valid UTF-8)");
        }
    }

    private static void readObject(JsonParser parser, Message.Builder builder, String path)
            throws IOException, MalformedMessageException {
        Descriptor type = builder.getDescriptorForType();
        Map<String, FieldDescriptor> names = NAMES.computeIfAbsent(type, StrictJson::names);
        Map<FieldDescriptor, String> given = new HashMap<>();
        Map<OneofDescriptor, String> kinds = new HashMap<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            requireWellFormed(name, path.isEmpty() ? "a field name" : path + ": a field name");
            FieldDescriptor field = names.get(name);
            JsonToken value = parser.nextToken();
            if (field == null) {
                parser.skipChildren();
                continue;
            }
            String fieldPath = path.isEmpty() ? field.getJsonName() : path + "." + field.getJsonName();
            String before = given.put(field, name);
            if (before != null) {
                throw new MalformedMessageException(fieldPath + ": given twice, as '" + before + "' and '" + name
                        + "' (expected: once)");
            }
            OneofDescriptor oneof = field.getRealContainingOneof();
            if (oneof != null) {
                String other = kinds.put(oneof, field.getJsonName());
                if (other != null) {
                    throw new MalformedMessageException((path.isEmpty() ? "" : path + ": ") + "both '" + other
                            + "' and '" + field.getJsonName() + "' are set (expected: one " + oneof.getName() + ")");
                }
            }
            if (field.isRepeated()) {
                if (value != JsonToken.START_ARRAY) {
                    throw mismatch(fieldPath, value, "an array");
                }
                int index = 0;
                while ((value = parser.nextToken()) != JsonToken.END_ARRAY) {
                    builder.addRepeatedField(field, readValue(parser, value, builder, field,
                            fieldPath + "[" + index++ + "]"));
                }
            } else {
                builder.setField(field, readValue(parser, value, builder, field, fieldPath));
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IllegalStateException("the parser ended an object with " + token);
        }
    }

    private static Object readValue(JsonParser parser, JsonToken token, Message.Builder parent, FieldDescriptor field,
            String path) throws IOException, MalformedMessageException {
        return switch (field.getJavaType()) {
            case STRING -> {
                if (token != JsonToken.VALUE_STRING) {
                    throw mismatch(path, token, "a string");
                }
                String text = parser.getText();
                requireWellFormed(text, path);
                yield text;
            }
            case BOOLEAN -> switch (token) {
                case VALUE_TRUE -> true;
                case VALUE_FALSE -> false;
                default -> throw mismatch(path, token, "true or false");
            };
            case INT -> {
                if (token != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() != JsonParser.NumberType.INT) {
                    throw mismatch(path, token, "an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE);
                }
                yield parser.getIntValue();
            }
            case LONG -> readLong(parser, token, path);
            case ENUM -> {
                if (token != JsonToken.VALUE_STRING) {
                    throw mismatch(path, token, "a name of " + field.getEnumType().getName() + " as a string");
                }
                EnumValueDescriptor named = field.getEnumType().findValueByName(parser.getText());
                yield named != null ? named : field.getEnumType().findValueByNumber(0);
            }
            case MESSAGE -> {
                if (token != JsonToken.START_OBJECT) {
                    throw mismatch(path, token, "an object");
                }
                Message.Builder child = parent.newBuilderForField(field);
                readObject(parser, child, path);
                yield child.build();
            }
            case FLOAT, DOUBLE, BYTE_STRING -> throw new IllegalStateException(
                    field.getFullName() + ": " + field.getJavaType() + " fields are not part of the protocol");
        };
    }

    private static long readLong(JsonParser parser, JsonToken token, String path)
            throws IOException, MalformedMessageException {
        String expected = "an integer, or a string of decimal digits, from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        if (token == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = parser.getNumberType();
            if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
                return parser.getLongValue();
            }
            throw new MalformedMessageException(path + ": " + parser.getText() + " (expected: " + expected + ")");
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = parser.getText();
            if (DECIMAL.matcher(text).matches()) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException outOfRange) {
                    // falls through to the error below
                }
            }
            throw new MalformedMessageException(path + ": \"" + abbreviate(text) + "\" (expected: " + expected + ")");
        }
        throw mismatch(path, token, expected);
    }

    /** A string may not hold half of a surrogate pair: it could not be stored or sent back as UTF-8. */
    private static void requireWellFormed(String text, String path) throws MalformedMessageException {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new MalformedMessageException(path + ": an unpaired surrogate \\u"
                        + Integer.toHexString(c) + " at index " + i + " (expected: Unicode text)");
            }
        }
    }

    private static MalformedMessageException mismatch(String path, JsonToken token, String expected) {
        return new MalformedMessageException(path + ": " + describe(token) + " (expected: " + expected
                + (token == JsonToken.VALUE_NULL ? "; leave the field out for its default" : "") + ")");
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "empty";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a number with a fraction or exponent";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    private static String abbreviate(String text) {
        return text.length() <= 32 ? text : text.substring(0, 32) + "...";
    }

    private static Map<String, FieldDescriptor> names(Descriptor type) {
        Map<String, FieldDescriptor> names = new HashMap<>();
        for (FieldDescriptor field : type.getFields()) {
            names.put(field.getJsonName(), field);
            names.put(field.getName(), field);
        }
        return Map.copyOf(names);
    }
}
