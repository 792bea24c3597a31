package io.descent.training.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** README's parity paragraph names only tests that exist, and every vector file has a test that reads it. */
class ParityClaimsTest {

    private static String parityParagraph() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int from = readme.indexOf("What is checked against vectors computed with PyTorch");
        int to = readme.indexOf("The full list with every parameter", from);
        assertThat(from).as("README's parity paragraph").isPositive();
        return readme.substring(from, to);
    }

    @Test
    void everyTestTheReadmeNamesExists() throws IOException {
        Matcher names = Pattern.compile("`(\\w+Test)`").matcher(parityParagraph());
        List<String> tests = new ArrayList<>();
        while (names.find()) {
            tests.add(names.group(1));
        }
        assertThat(tests).isNotEmpty();
        try (Stream<Path> sources = Files.walk(Path.of("src/test/java"))) {
            List<String> classes = sources.map(p -> p.getFileName().toString().replace(".java", "")).toList();
            assertThat(classes).containsAll(tests);
        }
    }

    @Test
    void everyVectorFileIsReplayedByAParityTest() throws IOException {
        try (Stream<Path> vectors = Files.list(Path.of("src/test/resources/parity"));
                Stream<Path> sources = Files.walk(Path.of("src/test/java/io/descent/training"))) {
            String tests = String.join("\n", sources.filter(p -> p.toString().endsWith("ParityTest.java")).map(ParityClaimsTest::read).toList());
            assertThat(vectors.map(p -> p.getFileName().toString().replace(".json", ""))).allSatisfy(name ->
                    assertThat(tests).as(name + ".json").contains("ParityVectors.cases(\"" + name + "\")"));
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
