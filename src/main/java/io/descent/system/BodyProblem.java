package io.descent.system;

import java.util.Collection;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * One thing wrong with a request body: a JSON pointer (RFC 6901, "" for the whole body) and a
 * sentence a person can act on; {@link #of} makes one from a JSON reading failure.
 */
public record BodyProblem(String pointer, String detail) {

    static BodyProblem of(JacksonException e) {
        if (e == null) {
            return new BodyProblem("", "The request body is missing or empty; send it as JSON with Content-Type: application/json (see /openapi.yaml).");
        }
        String pointer = pointer(e);
        if (e instanceof UnrecognizedPropertyException unknown) {
            Collection<Object> known = unknown.getKnownPropertyIds();
            String knownText = known == null ? "" : "; known fields here: " + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
            return new BodyProblem(pointer, "Unknown field \"" + unknown.getPropertyName() + "\"" + knownText + ".");
        }
        if (e instanceof MismatchedInputException mismatch && !(e instanceof StreamReadException)) {
            Class<?> target = mismatch.getTargetType();
            String field = pointer.isEmpty() ? "The body" : "\"" + pointer.substring(pointer.lastIndexOf('/') + 1) + "\" (at " + pointer + ")";
            return new BodyProblem(pointer, field + " must be " + describe(target) + ".");
        }
        if (e instanceof StreamReadException read && read.getLocation() != null) {
            return new BodyProblem(pointer, "Malformed JSON at line " + read.getLocation().getLineNr() + ", column "
                    + read.getLocation().getColumnNr() + ": " + firstClause(read.getOriginalMessage()) + ".");
        }
        return new BodyProblem(pointer, "The body could not be read as a job spec: " + e.getOriginalMessage());
    }

    /** Jackson's messages go on with parser internals ("(start marker at [Source: ...") a client cannot use. */
    private static String firstClause(String message) {
        int cut = message.indexOf(" (");
        String text = cut > 0 ? message.substring(0, cut) : message;
        return text.lines().findFirst().orElse(text);
    }

    private static String pointer(JacksonException e) {
        StringBuilder pointer = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            pointer.append('/');
            pointer.append(ref.getPropertyName() != null ? ref.getPropertyName().replace("~", "~0").replace("/", "~1") : String.valueOf(ref.getIndex()));
        }
        return pointer.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }
}
