package io.descent.training.catalog;

/** The JSON shapes a component parameter can take. */
public enum ParamKind {
    NUMBER("a number"),
    INTEGER("an integer"),
    BOOLEAN("true or false"),
    NUMBER_LIST("an array of numbers"),
    INTEGER_LIST("an array of integers"),
    CHOICE("one of the listed strings");

    private final String description;

    ParamKind(String description) {
        this.description = description;
    }

    /** How a person would name the expected shape in an error message. */
    public String description() {
        return description;
    }
}
