package io.descent.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.support.Browser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard in a real (headless) Chromium against the whole service on a random port, with
 * a worker training real jobs on the shipped subset. Everything the tests assert is what a person
 * sees: rows in the jobs table, points on the charts (their data-points and data-series
 * attributes), messages beside the editor's lines. Waits are generous: CI is a slow 2-core box.
 */
@ExtendWith(Browser.Installed.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "descent.worker.progress-interval=200ms")
@ActiveProfiles("test")
class DashboardBrowserTest {

    static final Duration WAIT = Duration.ofSeconds(120);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** About a second an epoch here (250 batches of 16): long enough to watch, and cancelled when done. */
    static final String SLOW_JOB = """
            {"name": "%s", "dataset": {"id": "fashion-mnist-small", "validation": 0.2}, "model": {"layers": [{"units": 64}]},
             "optimizer": {"type": "sgd", "lr": 0.05, "momentum": 0.5}, "epochs": 300, "batchSize": 16, "seed": 3}""";

    static ChromeDriver driver;
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() {
        driver = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    /** The page's console, for whoever reads a failure. */
    @AfterEach
    void printBrowserConsole() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            System.out.println("[browser] " + entry.getLevel() + " " + entry.getMessage());
        }
    }

    @Test
    void aJobSubmittedOverHttpAppearsInTheJobsTableAndItsCurveGrowsWhileItTrains() throws Exception {
        open("#/jobs");
        wait(d -> d.findElement(By.cssSelector("#jobs-table tbody")));
        // Submitted after the page loaded: only its live refresh can show it.
        String id = submitJob(SLOW_JOB.formatted("browser-growing"));
        try {
            WebElement row = wait(d -> d.findElement(By.cssSelector("tr[data-job-id='" + id + "']")));
            assertThat(row.getText()).contains("browser-growing");
            wait(d -> d.findElement(By.cssSelector("tr[data-job-id='" + id + "'][data-status='RUNNING']")));

            driver.findElement(By.cssSelector("tr[data-job-id='" + id + "'] a[href='#/jobs/" + id + "']")).click();
            WebElement loss = wait(d -> d.findElement(By.id("chart-loss")));
            int first = wait(d -> points(loss) >= 2 ? points(loss) : null);
            int later = wait(d -> points(loss) > first ? points(loss) : null);
            // Two series (training and validation loss), one point each per finished epoch; and it
            // grew while the job was still training, not by replaying a finished run.
            assertThat(later).isGreaterThan(first);
            assertThat(job(id).get("status")).isEqualTo("RUNNING");
            assertThat(points(loss)).isLessThanOrEqualTo(2 * metricsCount(id));
        } finally {
            cancelAndAwaitEnd(id);
        }
    }

    @Test
    void theCancelButtonOfTheJobPageCancelsTheJob() throws Exception {
        String id = submitJob(SLOW_JOB.formatted("browser-cancel"));
        try {
            open("#/jobs/" + id);
            WebElement cancel = wait(ExpectedConditions.elementToBeClickable(By.id("cancel-job")));
            cancel.click();
            wait(ExpectedConditions.alertIsPresent()).accept();
            awaitStatus(id, "CANCELLED");
            // The page follows: its stream's terminal state shows and the button is off.
            wait(d -> d.findElement(By.cssSelector(".page-head h1")).getText().contains("CANCELLED") ? true : null);
            wait(d -> !d.findElement(By.id("cancel-job")).isEnabled() ? true : null);
        } finally {
            cancelAndAwaitEnd(id);
        }
    }

    @Test
    void theSubmitEditorShowsAFieldsErrorBesideItsLine() throws Exception {
        long before = jobCount();
        open("#/submit");
        WebElement editor = wait(d -> d.findElement(By.id("spec-editor")));
        setEditor(editor, """
                {"dataset": {"id": "fashion-mnist-small"}, "model": {"layers": [{"units": 8}]}, "optimizer": {"type": "sgd", "lr": -0.5}, "epochs": 2}""");
        driver.findElement(By.id("submit-spec")).click();

        WebElement note = wait(d -> d.findElement(By.cssSelector("#editor-notes .note")));
        // The spec is pretty-printed; the note sits at the line of "lr" (its JSON pointer /optimizer/lr).
        List<String> lines = List.of(editor.getDomProperty("value").split("\n"));
        int lrLine = lines.indexOf(lines.stream().filter(l -> l.contains("\"lr\": -0.5")).findFirst().orElseThrow()) + 1;
        assertThat(note.getDomAttribute("data-line")).isEqualTo(String.valueOf(lrLine));
        assertThat(note.getDomProperty("textContent")).contains("\"lr\" must be > 0");
        assertThat(driver.findElement(By.cssSelector(".editor-gutter .line[data-line='" + lrLine + "']")).getDomAttribute("class"))
                .contains("error");
        assertThat(driver.findElements(By.cssSelector("#editor-notes .note"))).hasSize(1);
        assertThat(driver.findElement(By.id("submit-problem")).getText()).contains("line " + lrLine, "/optimizer/lr");
        assertThat(jobCount()).isEqualTo(before);
    }

    @Test
    void theStudyPageDrawsOneObjectiveLinePerTrial() throws Exception {
        String id = createStudy("""
                {"name": "browser-study", "base": {"dataset": {"id": "fashion-mnist-small", "validation": 0.2},
                   "model": {"layers": [{"units": 32}]}, "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.5},
                   "epochs": 2, "batchSize": 128, "seed": 7},
                 "space": {"/optimizer/lr": {"type": "loguniform", "low": 0.01, "high": 0.3}},
                 "trials": 3, "maxConcurrentTrials": 3, "preflight": "off", "seed": 5}""");
        open("#/studies/" + id);
        wait(d -> d.findElement(By.cssSelector(".page-head h1")).getText().contains("SUCCEEDED") ? true : null);
        List<?> trials = (List<?>) get("/api/v1/studies/" + id + "/trials").get("trials");
        assertThat(trials).hasSize(3);
        WebElement chart = driver.findElement(By.id("chart-trials"));
        // Polled or streamed, the page catches up within a refresh after the end.
        wait(d -> Integer.parseInt(chart.getDomAttribute("data-points")) == 3 * 2 ? true : null);
        assertThat(chart.getDomAttribute("data-series")).isEqualTo(String.valueOf(trials.size()));
        assertThat(driver.findElement(By.cssSelector("#study-parallel svg")).getDomAttribute("data-lines")).isEqualTo("3");
        assertThat(driver.findElements(By.cssSelector("#trials-table tbody tr"))).hasSize(3);
    }

    // ------------------------------------------------------------------ helpers

    void open(String route) {
        driver.get("http://localhost:" + port + "/" + route);
    }

    static <T> T wait(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(200)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(NumberFormatException.class).until(condition);
    }

    static int points(WebElement chart) {
        return Integer.parseInt(chart.getDomAttribute("data-points"));
    }

    /** Sets the textarea as typing would (an input event), without typing 200 characters one by one. */
    static void setEditor(WebElement editor, String text) {
        driver.executeScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));", editor, text);
    }

    String submitJob(String spec) throws Exception {
        return created("/api/v1/jobs", spec);
    }

    String createStudy(String spec) throws Exception {
        return created("/api/v1/studies", spec);
    }

    private String created(String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return (String) JSON.readValue(r.body(), Map.class).get("id");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readValue(r.body(), Map.class);
    }

    Map<String, Object> job(String id) throws Exception {
        return get("/api/v1/jobs/" + id);
    }

    int metricsCount(String id) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/v1/jobs/" + id + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readValue(r.body(), List.class).size();
    }

    long jobCount() throws Exception {
        return ((Number) get("/api/v1/jobs").get("totalItems")).longValue();
    }

    void awaitStatus(String id, String status) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!status.equals(job(id).get("status"))) {
            assertThat(System.nanoTime()).as("job %s never became %s: %s", id, status, job(id)).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Frees the node's one worker for the next test. */
    void cancelAndAwaitEnd(String id) throws Exception {
        http.send(HttpRequest.newBuilder(uri("/api/v1/jobs/" + id + "/cancel")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (List.of("QUEUED", "RUNNING").contains(job(id).get("status")) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
