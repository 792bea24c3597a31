package io.descent.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ways to break a valid request, one field or parameter at a time: wrong types, nulls, empties,
 * huge and negative numbers, numbers beyond float32, deep nesting, long and odd Unicode strings.
 * Every field gets the core mutations; a seeded sample of the rest keeps the run short and the
 * same on every run.
 */
public final class Mutations {

    /** One way to change a value: {@code json} replaces it, or null to leave the field out. */
    public record Mutation(String name, String json) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DEEP = "[".repeat(10_000) + "]".repeat(10_000);
    private static final String LONG = "x".repeat(100_000);

    /** Mutations of a value; a sample of {@code sample} from the extended set besides the core ones. */
    public static List<Mutation> of(JsonNode value, boolean inObject, Random random, int sample) {
        List<Mutation> core = new ArrayList<>();
        core.add(new Mutation("null", "null"));
        core.add(value.isString() ? new Mutation("number instead of a string", "123") : new Mutation("string instead", "\"x\""));
        core.add(value.isBoolean() ? new Mutation("number instead of a boolean", "1") : new Mutation("boolean instead", "true"));
        core.add(new Mutation("empty string", "\"\""));
        core.add(new Mutation("empty array", "[]"));
        core.add(new Mutation("empty object", "{}"));
        if (inObject) {
            core.add(new Mutation("left out", null));
        }
        List<Mutation> extended = new ArrayList<>(EXTENDED);
        java.util.Collections.shuffle(extended, random);
        core.addAll(extended.subList(0, Math.min(sample, extended.size())));
        return core;
    }

    private static final List<Mutation> EXTENDED = List.of(
            new Mutation("zero", "0"),
            new Mutation("negative", "-1"),
            new Mutation("fraction", "1.5"),
            new Mutation("beyond float32", "1e39"),
            new Mutation("beyond float32, negative", "-1e39"),
            new Mutation("largest double", "1.7976931348623157e308"),
            new Mutation("beyond double", "1e400"),
            new Mutation("past int32", "2147483648"),
            new Mutation("below int32", "-2147483649"),
            new Mutation("past int64", "9223372036854775808"),
            new Mutation("1000-digit integer", "9".repeat(1000)),
            new Mutation("10,000 nested arrays", DEEP),
            new Mutation("array of nulls", "[null, null]"),
            new Mutation("100k-character string", "\"" + LONG + "\""),
            new Mutation("NUL in a string", "\"a\\u0000b\""),
            new Mutation("control characters", "\"\\u0007\\u001b[31m\\n\""),
            new Mutation("unpaired high surrogate", "\"x\\ud800\""),
            new Mutation("unpaired low surrogate", "\"\\udc00x\""),
            new Mutation("right-to-left marks", "\"\\u202e\\u200fabc\""),
            new Mutation("emoji", "\"\\ud83d\\ude00\""),
            new Mutation("only whitespace", "\"   \""),
            new Mutation("object with an unknown field", "{\"zz\": 1}"));

    /** Whole bodies that are not the object an operation takes. */
    public static List<Mutation> bodies() {
        return List.of(new Mutation("empty body", ""), new Mutation("JSON null", "null"), new Mutation("an array", "[]"),
                new Mutation("a string", "\"x\""), new Mutation("a number", "42"), new Mutation("truncated", "{\"a\": "),
                new Mutation("10,000 nested arrays", DEEP), new Mutation("10,000 nested objects", "{\"a\": ".repeat(10_000) + "1" + "}".repeat(10_000)));
    }

    /** Values for a path, query or header parameter. */
    public static List<String> parameterValues() {
        return List.of("", " ", "-1", "0", "abc", "1.5", "1e39", "2147483648", "99999999999999999999", "21474837", "a\u0000b",
                "\u001b[2J", "\u202e\u200fabc", "\ud83d\ude00", "x\ud800", LONG, "../../etc/passwd", "%", "SUCCEEDED",
                "00000000-0000-0000-0000-000000000000");
    }

    /** Every JSON pointer in {@code node} ("" for the whole document), in document order. */
    public static Map<String, JsonNode> pointers(JsonNode node) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        collect(node, "", out);
        return out;
    }

    private static void collect(JsonNode node, String pointer, Map<String, JsonNode> out) {
        out.put(pointer, node);
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                collect(field.getValue(), pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1"), out);
            }
        } else if (node.isArray()) {
            int i = 0;
            for (JsonNode element : node.values()) {
                collect(element, pointer + "/" + i++, out);
            }
        }
    }

    /** {@code document} as JSON text with the value at {@code target} replaced by {@code json} (or left out when null). */
    public static String replace(JsonNode document, String target, String json) {
        if (target.isEmpty()) {
            return json;
        }
        StringBuilder out = new StringBuilder();
        write(document, "", target, json, out);
        return out.toString();
    }

    /** {@code document} as JSON text with an unknown field added to the object at {@code target}. */
    public static String withUnknownField(JsonNode document, String target) {
        JsonNode object = pointers(document).get(target);
        StringBuilder fields = new StringBuilder("{\"zzUnknown\": 1");
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            fields.append(", ").append(JSON.writeValueAsString(field.getKey())).append(": ").append(field.getValue());
        }
        return replace(document, target, fields.append('}').toString());
    }

    private static void write(JsonNode node, String pointer, String target, String json, StringBuilder out) {
        if (pointer.equals(target)) {
            out.append(json);
            return;
        }
        if (node.isObject()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String child = pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
                if (child.equals(target) && json == null) {
                    continue;
                }
                out.append(first ? "" : ",").append(JSON.writeValueAsString(field.getKey())).append(':');
                write(field.getValue(), child, target, json, out);
                first = false;
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            int i = 0;
            for (JsonNode element : node.values()) {
                String child = pointer + "/" + i;
                if (!(child.equals(target) && json == null)) {
                    out.append(i > 0 && out.charAt(out.length() - 1) != '[' ? "," : "");
                    write(element, child, target, json, out);
                }
                i++;
            }
            out.append(']');
        } else {
            out.append(node.toString());
        }
    }

    /** Broken variants of a CSV table (header line first, label last). */
    public static Map<String, String> tables(String valid) {
        String[] lines = valid.split("\n");
        String header = lines[0];
        int columns = header.split(",").length;
        String row = lines.length > 1 ? lines[1] : "1,".repeat(columns - 1) + "x";
        String numbers = "1,".repeat(columns - 1);
        Map<String, String> out = new LinkedHashMap<>();
        out.put("empty", "");
        out.put("header only", header + "\n");
        out.put("a cell beyond float32", header + "\n1e39," + row.substring(row.indexOf(',') + 1) + "\n");
        out.put("NaN and Infinity cells", header + "\nNaN," + row.substring(row.indexOf(',') + 1) + "\nInfinity," + row.substring(row.indexOf(',') + 1) + "\n");
        out.put("NUL in a cell", header + "\n1\u0000," + row.substring(row.indexOf(',') + 1) + "\n");
        out.put("NUL in a column name", "a\u0000b," + header.substring(header.indexOf(',') + 1) + "\n" + row + "\n");
        out.put("300-character column name", "c".repeat(300) + "," + header.substring(header.indexOf(',') + 1) + "\n" + row + "\n");
        out.put("control character in a label", header + "\n" + numbers + "x\u0007y\n");
        out.put("unpaired surrogate in a label", header + "\n" + numbers + "x\ud800\n");
        out.put("right-to-left label", header + "\n" + numbers + "\u202e\u200fabc\n");
        out.put("100k-character cell", header + "\n" + LONG + "," + row.substring(row.indexOf(',') + 1) + "\n");
        out.put("unbalanced quote", header + "\n\"1," + row.substring(row.indexOf(',') + 1) + "\n");
        out.put("extra column", header + "\n" + row + ",5\n");
        out.put("missing column", header + "\n" + row.substring(row.indexOf(',') + 1) + "\n");
        out.put("one column", "label\nx\n");
        out.put("byte-order mark and CRLF", "\uFEFF" + valid.replace("\n", "\r\n"));
        out.put("duplicate column names", header.replaceFirst("^[^,]*,[^,]*", "a,a") + "\n" + row + "\n");
        out.put("1001 distinct text labels", header + "\n" + java.util.stream.IntStream.range(0, 1001).mapToObj(i -> numbers + "id" + i)
                .collect(java.util.stream.Collectors.joining("\n")) + "\n");
        out.put("10,001 feature columns", "f,".repeat(10_001) + "label\n" + "1,".repeat(10_001) + "x\n");
        out.put("blank lines only", header + "\n\n\n");
        return out;
    }

    private Mutations() {}
}
