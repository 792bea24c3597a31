package io.descent.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.descent.system.MemorySize;
import io.descent.system.UserText;

/**
 * Reads an uploaded table row by row into a dataset file: header row, one label column, numeric
 * features. Every bad cell is reported (up to {@link #MAX_PROBLEMS}) with its line and column, and
 * then nothing is imported. The task is inferred from the labels unless the caller says it:
 * non-numeric labels, or at most {@link #MAX_INFERRED_CLASSES} distinct integers, mean classes.
 */
final class CsvImporter {

    static final int MAX_PROBLEMS = 20;
    static final int MAX_INFERRED_CLASSES = 20;
    /** Most distinct labels of a classification: more is almost always an id or a measurement picked as the label. */
    static final int MAX_CLASSES = 1000;
    static final int MAX_NAME_LENGTH = DatasetService.MAX_COLUMN_NAME_LENGTH;

    record Result(List<String> featureNames, List<String> classNames, int rows, double[] means, double[] stds) {}

    private final long maxRows;
    private final int maxFeatures;
    private final long maxBytes;

    /** @param maxBytes the most the table may take in memory ({@link DatasetInfo#tensorBytes}) */
    CsvImporter(long maxRows, int maxFeatures, long maxBytes) {
        this.maxRows = maxRows;
        this.maxFeatures = maxFeatures;
        this.maxBytes = maxBytes;
    }

    /**
     * @param label the label column's name, or null for the last column
     * @param task "classification", "regression" or null to infer
     */
    Result importTo(InputStream body, String label, String task, Path directory, Path target) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 1 << 16);
        List<CsvProblem> problems = new ArrayList<>();
        String headerLine = reader.readLine();
        if (headerLine == null || headerLine.isBlank()) {
            throw new CsvRejectedException(List.of(new CsvProblem(1, null, "The upload is empty; send a header row, then one row per sample.")));
        }
        List<String> header = CsvRow.split(stripBom(headerLine));
        int labelIndex = label == null ? header.size() - 1 : header.indexOf(label);
        if (labelIndex < 0) {
            throw new CsvRejectedException(List.of(new CsvProblem(1, label, "No column \"" + label + "\" in the header; columns: " + String.join(", ", header) + ".")));
        }
        if (header.size() < 2) {
            throw new CsvRejectedException(List.of(new CsvProblem(1, null, "The table needs a label column and at least one feature column.")));
        }
        if (header.size() - 1 > maxFeatures) {
            throw new CsvRejectedException(List.of(new CsvProblem(1, null, "The table has " + (header.size() - 1)
                    + " feature columns; at most " + maxFeatures + " are allowed (descent.datasets.max-features).")));
        }
        checkHeader(header);
        List<String> featureNames = new ArrayList<>(header);
        String labelName = featureNames.remove(labelIndex);
        int features = featureNames.size();
        Map<String, Integer> classes = new LinkedHashMap<>();
        boolean numericLabels = true;
        boolean integralLabels = true;
        double[] mean = new double[features];
        double[] m2 = new double[features];
        try (DatasetWriter writer = new DatasetWriter(directory, features);
                DatasetWriter values = new DatasetWriter(directory, 0)) {
            String line;
            long lineNumber = 1;
            float[] row = new float[features];
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                if (writer.rows() >= maxRows) {
                    throw new UploadTooLargeException("The table has more than " + maxRows + " rows (descent.datasets.max-rows).");
                }
                if (DatasetInfo.tensorBytes(writer.rows() + 1L, features, true) > maxBytes) {
                    throw new UploadTooLargeException("The table would take more than " + MemorySize.describe(maxBytes) + " in memory at "
                            + (writer.rows() + 1) + " rows × " + features + " features × 4 bytes (descent.datasets.max-memory).");
                }
                List<String> cells = CsvRow.split(line);
                if (cells.size() != header.size()) {
                    problems.add(new CsvProblem(lineNumber, null, "Expected " + header.size() + " values, found " + cells.size() + "."));
                } else {
                    boolean ok = true;
                    int f = 0;
                    for (int c = 0; c < cells.size(); c++) {
                        if (c == labelIndex) {
                            continue;
                        }
                        Double v = number(cells.get(c));
                        if (v == null || !Float.isFinite(v.floatValue())) {
                            problems.add(new CsvProblem(lineNumber, header.get(c), cells.get(c).isEmpty() ? "Missing value."
                                    : v == null ? "\"" + shorten(cells.get(c)) + "\" is not a finite number."
                                    : "\"" + shorten(cells.get(c)) + "\" is beyond float32, the precision features are stored in (magnitude at most "
                                            + Float.MAX_VALUE + "); rescale the column."));
                            ok = false;
                        } else {
                            row[f] = v.floatValue();
                        }
                        f++;
                    }
                    String labelText = cells.get(labelIndex);
                    Optional<String> labelProblem = labelProblem(labelText);
                    if (labelProblem.isPresent()) {
                        problems.add(new CsvProblem(lineNumber, labelName, labelProblem.get()));
                        ok = false;
                    }
                    if (ok && problems.isEmpty()) {
                        Double numeric = number(labelText);
                        // A label beyond float32 can only be a class name, not a regression target.
                        numeric = numeric != null && Float.isFinite(numeric.floatValue()) ? numeric : null;
                        numericLabels &= numeric != null;
                        integralLabels &= numeric != null && numeric == Math.rint(numeric);
                        int n = writer.rows() + 1;
                        for (int i = 0; i < features; i++) {
                            double delta = row[i] - mean[i];
                            mean[i] += delta / n;
                            m2[i] += delta * (row[i] - mean[i]);
                        }
                        boolean countsClasses = task != null ? task.equals("classification") : !numericLabels;
                        if (countsClasses && classes.size() == MAX_CLASSES && !classes.containsKey(labelText)) {
                            throw new CsvRejectedException(List.of(new CsvProblem(lineNumber, labelName, "The label column has more than "
                                    + MAX_CLASSES + " distinct values; a classification may have at most " + MAX_CLASSES
                                    + ". Is \"" + labelName + "\" the label? Name it with label=.")));
                        }
                        writer.add(row, classes.computeIfAbsent(labelText, k -> classes.size()));
                        values.add(new float[0], numeric == null ? Float.NaN : numeric.floatValue());
                    }
                }
                if (problems.size() >= MAX_PROBLEMS) {
                    break;
                }
            }
            if (!problems.isEmpty()) {
                throw new CsvRejectedException(problems);
            }
            if (writer.rows() == 0) {
                throw new CsvRejectedException(List.of(new CsvProblem(0, null, "The table has a header but no rows.")));
            }
            boolean classification = task != null ? task.equals("classification")
                    : !numericLabels || (integralLabels && classes.size() <= MAX_INFERRED_CLASSES);
            if (!classification && !numericLabels) {
                throw new CsvRejectedException(List.of(new CsvProblem(0, labelName, "Regression needs numeric labels; this column has text.")));
            }
            int n = writer.rows();
            double[] std = new double[features];
            for (int i = 0; i < features; i++) {
                std[i] = Math.sqrt(m2[i] / n);
            }
            if (classification) {
                List<String> names = sortedClassNames(classes, numericLabels);
                int[] map = new int[classes.size()];
                classes.forEach((name, index) -> map[index] = names.indexOf(name));
                writer.finish(target, features, names.size(), n, map);
                return new Result(featureNames, names, n, mean, std);
            }
            // Regression: the same features with the numeric labels, rewritten from the values file.
            writer.finishRegression(target, values, features, n);
            return new Result(featureNames, List.of(), n, mean, std);
        }
    }

    /** Column names are stored and shown: bounded, printable, valid Unicode. */
    private static void checkHeader(List<String> header) {
        List<CsvProblem> problems = new ArrayList<>();
        for (int c = 0; c < header.size() && problems.size() < MAX_PROBLEMS; c++) {
            String name = header.get(c);
            Optional<String> bad = UserText.invalidCharacter(name);
            if (name.length() > MAX_NAME_LENGTH || bad.isPresent()) {
                problems.add(new CsvProblem(1, shorten(name), "Column " + (c + 1) + "'s name must be at most " + MAX_NAME_LENGTH
                        + " characters without control characters; " + bad.map(b -> "it has " + b).orElse("it has " + name.length() + " characters") + "."));
            }
        }
        if (!problems.isEmpty()) {
            throw new CsvRejectedException(problems);
        }
    }

    /** A label becomes a class name that is stored and shown, unless the table is a regression. */
    private static Optional<String> labelProblem(String label) {
        if (label.isEmpty()) {
            return Optional.of("Missing label.");
        }
        Optional<String> bad = UserText.invalidCharacter(label);
        if (label.length() > MAX_NAME_LENGTH || bad.isPresent()) {
            return Optional.of("A label must be at most " + MAX_NAME_LENGTH + " characters without control characters; "
                    + bad.map(b -> "this one has " + b).orElse("this one has " + label.length() + " characters") + ".");
        }
        return Optional.empty();
    }

    /** Cells are echoed in problems; a 100,000-character cell need not be. */
    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    private static List<String> sortedClassNames(Map<String, Integer> classes, boolean numeric) {
        Comparator<String> order = numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder();
        return classes.keySet().stream().sorted(order).toList();
    }

    private static Double number(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            double v = Double.parseDouble(text);
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }
}
