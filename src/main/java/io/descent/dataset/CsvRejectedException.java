package io.descent.dataset;

import java.util.List;

/** The upload is not a usable table; nothing was imported. */
public class CsvRejectedException extends RuntimeException {

    private final List<CsvProblem> problems;

    public CsvRejectedException(List<CsvProblem> problems) {
        super(problems.size() + " problem(s) in the uploaded table");
        this.problems = List.copyOf(problems);
    }

    public List<CsvProblem> problems() {
        return problems;
    }
}
