package io.descent.dashboard;

import static io.descent.dashboard.Pages.await;
import static io.descent.dashboard.Pages.points;
import static io.descent.dashboard.Pages.series;
import static org.assertj.core.api.Assertions.assertThat;

import io.descent.support.Browser;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The dashboard in a real (headless) Chromium against the whole service on a random port, with
 * a worker training real jobs on the shipped subset. What the tests assert is what a person sees:
 * rows in the jobs table, points and lines on the charts (the data-points and data-series
 * attributes chart.js keeps), messages beside the editor's lines. Waits are generous: CI is a
 * slow 2-core box.
 */
@ExtendWith(Browser.Installed.class)
// The same configuration as JobStreamTest: one cached application context serves both.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "descent.worker.progress-interval=50ms")
@ActiveProfiles("test")
class DashboardBrowserTest {

    static ChromeDriver driver;
    Service service;

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

    @BeforeEach
    void connect() {
        service = new Service(port);
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
        driver.get(service.url("/#/jobs"));
        await(driver, d -> d.findElement(By.cssSelector("#jobs-table tbody")));
        // Submitted after the page loaded: only its live refresh can show it.
        String id = service.submitJob(Service.SLOW_JOB.formatted("browser-growing"));
        try {
            WebElement row = await(driver, d -> d.findElement(By.cssSelector("tr[data-job-id='" + id + "']")));
            assertThat(row.getText()).contains("browser-growing");
            await(driver, d -> d.findElement(By.cssSelector("tr[data-job-id='" + id + "'][data-status='RUNNING']")));

            driver.findElement(By.cssSelector("tr[data-job-id='" + id + "'] a[href='#/jobs/" + id + "']")).click();
            WebElement loss = await(driver, d -> d.findElement(By.id("chart-loss")));
            int first = await(driver, d -> points(loss) >= 2 ? points(loss) : null);
            int later = await(driver, d -> points(loss) > first ? points(loss) : null);
            // Two series (training and validation loss), a point each per finished epoch; it grew
            // while the job was still training, not by replaying a finished run.
            assertThat(later).isGreaterThan(first);
            assertThat(service.job(id).get("status")).isEqualTo("RUNNING");
            assertThat(points(loss)).isLessThanOrEqualTo(2 * service.metricsCount(id));
        } finally {
            service.cancelAndAwaitEnd(id);
        }
    }

    @Test
    void theCancelButtonOfTheJobPageCancelsTheJob() throws Exception {
        String id = service.submitJob(Service.SLOW_JOB.formatted("browser-cancel"));
        try {
            driver.get(service.url("/#/jobs/" + id));
            await(driver, ExpectedConditions.elementToBeClickable(By.id("cancel-job"))).click();
            await(driver, ExpectedConditions.alertIsPresent()).accept();
            service.awaitStatus(id, "CANCELLED");
            // The page follows: its stream's terminal state shows, and the button is off.
            await(driver, d -> d.findElement(By.cssSelector(".page-head h1")).getText().contains("CANCELLED"));
            await(driver, d -> !d.findElement(By.id("cancel-job")).isEnabled());
        } finally {
            service.cancelAndAwaitEnd(id);
        }
    }

    @Test
    void theSubmitEditorShowsAFieldsErrorBesideItsLine() throws Exception {
        long before = service.jobCount();
        driver.get(service.url("/#/submit"));
        WebElement editor = await(driver, d -> d.findElement(By.id("spec-editor")));
        Pages.type(driver, editor, """
                {"dataset": {"id": "fashion-mnist-small"}, "model": {"layers": [{"units": 8}]}, "optimizer": {"type": "sgd", "lr": -0.5}, "epochs": 2}""");
        driver.findElement(By.id("submit-spec")).click();

        WebElement note = await(driver, d -> d.findElement(By.cssSelector("#editor-notes .note")));
        // The spec is pretty-printed; the note sits at the line of "lr" (its JSON pointer /optimizer/lr).
        List<String> lines = List.of(editor.getDomProperty("value").split("\n"));
        int lrLine = lines.indexOf(lines.stream().filter(l -> l.contains("\"lr\": -0.5")).findFirst().orElseThrow()) + 1;
        assertThat(note.getDomAttribute("data-line")).isEqualTo(String.valueOf(lrLine));
        assertThat(note.getDomProperty("textContent")).contains("\"lr\" must be > 0");
        assertThat(driver.findElement(By.cssSelector(".editor-gutter .line[data-line='" + lrLine + "']")).getDomAttribute("class"))
                .contains("error");
        assertThat(driver.findElements(By.cssSelector("#editor-notes .note"))).hasSize(1);
        assertThat(driver.findElement(By.id("submit-problem")).getText()).contains("line " + lrLine, "/optimizer/lr");
        assertThat(service.jobCount()).isEqualTo(before);
    }

    @Test
    void theStudyPageDrawsOneObjectiveLinePerTrial() throws Exception {
        String id = service.createStudy("""
                {"name": "browser-study", "base": {"dataset": {"id": "fashion-mnist-small", "validation": 0.2},
                   "model": {"layers": [{"units": 32}]}, "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.5},
                   "epochs": 2, "batchSize": 128, "seed": 7},
                 "space": {"/optimizer/lr": {"type": "loguniform", "low": 0.01, "high": 0.3}},
                 "trials": 3, "maxConcurrentTrials": 3, "preflight": "off", "seed": 5}""");
        driver.get(service.url("/#/studies/" + id));
        await(driver, d -> d.findElement(By.cssSelector(".page-head h1")).getText().contains("SUCCEEDED"));
        List<?> trials = (List<?>) service.get("/api/v1/studies/" + id + "/trials").get("trials");
        assertThat(trials).hasSize(3);
        WebElement chart = driver.findElement(By.id("chart-trials"));
        // Polled or streamed, the page catches up within a refresh of the end.
        await(driver, d -> points(chart) == 3 * 2);
        assertThat(series(chart)).isEqualTo(trials.size());
        assertThat(driver.findElement(By.cssSelector("#study-parallel svg")).getDomAttribute("data-lines")).isEqualTo("3");
        assertThat(driver.findElements(By.cssSelector("#trials-table tbody tr"))).hasSize(3);
    }
}
