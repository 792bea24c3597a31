package io.descent.model.web;

import java.util.ArrayList;
import java.util.List;

/** Rows of numbers from a CSV body; a first line that is not numeric is taken as a header. */
final class CsvInstances {

    private CsvInstances() {}

    static List<List<Double>> parse(String csv) {
        List<List<Double>> rows = new ArrayList<>();
        String[] lines = csv.split("\\r?\\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty()) {
                continue;
            }
            List<Double> row = new ArrayList<>();
            boolean numeric = true;
            for (String cell : line.split(",")) {
                try {
                    row.add(Double.parseDouble(cell.trim()));
                } catch (NumberFormatException e) {
                    numeric = false;
                    row.add(null);
                }
            }
            if (!numeric && i == 0) {
                continue;
            }
            rows.add(row);
        }
        return rows;
    }
}
