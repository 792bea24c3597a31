package io.descent.dataset;

import io.descent.system.ProblemException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** The upload is not a usable table; nothing was imported. A 422 listing each problem by row and column. */
public class CsvRejectedException extends ProblemException {

    public CsvRejectedException(List<CsvProblem> problems) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, "Table rejected", problems.size() == 1 ? problems.get(0).detail()
                : problems.size() + " problems in the table; nothing was imported. See errors.");
        errors(problems.stream().map(CsvRejectedException::error).toList());
    }

    private static Map<String, Object> error(CsvProblem p) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("row", p.row());
        if (p.column() != null) {
            error.put("column", p.column());
        }
        error.put("detail", p.detail());
        return error;
    }
}
