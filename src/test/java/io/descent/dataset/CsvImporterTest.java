package io.descent.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvImporterTest {

    @TempDir
    Path directory;

    private CsvImporter.Result importTable(CsvImporter importer, String csv) throws Exception {
        return importer.importTo(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), null, null, directory, directory.resolve("t.dsd"));
    }

    @Test
    void aTableIsCutOffAsSoonAsItsRowsPassTheMemoryLimit() throws Exception {
        // Two features and a class label take 2 × 4 + 8 = 16 bytes a row: 100 bytes hold 6 rows.
        CsvImporter importer = new CsvImporter(1000, 10, 100);
        String header = "a,b,label\n";

        assertThat(importTable(importer, header + "1,2,x\n".repeat(6)).rows()).isEqualTo(6);
        assertThatThrownBy(() -> importTable(importer, header + "1,2,x\n".repeat(7)))
                .isInstanceOf(UploadTooLargeException.class)
                .hasMessageContaining("at 7 rows × 2 features").hasMessageContaining("descent.datasets.max-memory");
        try (var left = Files.list(directory)) {
            assertThat(left.filter(f -> !f.getFileName().toString().equals("t.dsd"))).as("temporary files").isEmpty();
        }
    }
}
