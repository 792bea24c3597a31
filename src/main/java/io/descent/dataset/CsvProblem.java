package io.descent.dataset;

/**
 * One thing wrong with an uploaded table.
 *
 * @param row 1-based line number in the file (the header is line 1), 0 for the file as a whole
 * @param column the column's name from the header, null for the file as a whole
 */
public record CsvProblem(long row, String column, String detail) {}
