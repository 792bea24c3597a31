package io.descent.dashboard;

import static io.descent.dashboard.Pages.await;
import static io.descent.dashboard.Pages.points;
import static io.descent.dashboard.Pages.series;

import io.descent.support.Browser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The README's pictures: {@code mvn -B -o test -Dtest=DashboardScreenshotsTest -Ddescent.screenshots=docs/screenshots}
 * shoots every page with real data in it (a finished staged study, README's; a trained job's
 * curves; the jobs table while one trains; the editor's errors; the playground). Skipped otherwise:
 * it is a tool that rewrites files under docs/, not a check, and a build must not change the
 * repository. What the pictures show — every page rendering live data — is asserted by
 * {@link DashboardBrowserTest} and {@link DashboardSignInBrowserTest}, which run in CI.
 */
@EnabledIfSystemProperty(named = "descent.screenshots", matches = ".+")
@ExtendWith(Browser.Installed.class)
// The same configuration as JobStreamTest: one cached application context serves both.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "descent.worker.progress-interval=50ms")
@ActiveProfiles("test")
class DashboardScreenshotsTest {

    /** README's study ("Hyperparameter studies"): three stages, ASHA, three repeats. */
    static final String README_STUDY = """
            {"name": "fmnist-search",
             "base": {"dataset": {"id": "fashion-mnist-small", "validation": 0.2},
               "model": {"layers": [{"units": 256, "dropout": 0.2}, {"units": 256, "dropout": 0.5}]},
               "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.9}, "epochs": 10, "batchSize": 256, "seed": 42},
             "space": {"/optimizer/lr": {"type": "loguniform", "low": 1e-4, "high": 1},
                       "/optimizer/weightDecay": {"type": "loguniform", "low": 1e-6, "high": 1e-2},
                       "/model/layers/1/dropout": {"type": "uniform", "low": 0, "high": 0.6}},
             "stages": [{"trials": 12, "epochs": 1, "keepTop": 4}, {"trials": 6, "epochs": 4, "keepTop": 2}, {"trials": 3, "epochs": 10}],
             "pruner": {"type": "asha", "minEpochs": 1, "reductionFactor": 3},
             "repeat": {"seeds": 3}, "maxConcurrentTrials": 2, "seed": 7}""";
    static final String TRAINED_JOB = """
            {"name": "fashion-small-adam", "dataset": {"id": "fashion-mnist-small", "validation": 0.2},
             "model": {"layers": [{"units": 128, "dropout": 0.2}]}, "optimizer": {"type": "adam", "lr": 0.001},
             "schedule": {"type": "cosine", "tMax": 25}, "epochs": 25, "batchSize": 64, "seed": 42}""";

    @LocalServerPort
    int port;

    @Test
    void everyPage() throws Exception {
        Path dir = Path.of(System.getProperty("descent.screenshots"));
        Files.createDirectories(dir);
        Service service = new Service(port);
        ChromeDriver driver = Browser.start();
        try {
            String study = service.createStudy(README_STUDY);
            service.awaitStudyEnd(study, Duration.ofMinutes(10));
            String trained = service.submitJob(TRAINED_JOB);
            service.awaitStatus(trained, "SUCCEEDED");

            String running = service.submitJob(Service.SLOW_JOB.formatted("fashion-small-long"));
            try {
                while (((Number) service.job(running).get("currentEpoch")).intValue() < 3) {
                    Thread.sleep(100);
                }
                driver.get(service.url("/#/jobs"));
                await(driver, d -> d.findElement(By.cssSelector("tr[data-job-id='" + running + "'][data-status='RUNNING']")));
                Thread.sleep(2500); // a progress event or two: the bar moves inside the epoch
                shoot(driver, dir, "jobs", 900);
            } finally {
                service.cancelAndAwaitEnd(running);
            }

            driver.get(service.url("/#/jobs/" + trained));
            WebElement loss = await(driver, d -> d.findElement(By.id("chart-loss")));
            await(driver, d -> points(loss) == 2 * 25);
            shoot(driver, dir, "job", 1000);

            driver.get(service.url("/#/studies/" + study));
            int trials = ((List<?>) service.get("/api/v1/studies/" + study + "/trials").get("trials")).size();
            WebElement lines = await(driver, d -> d.findElement(By.id("chart-trials")));
            await(driver, d -> series(lines) == trials);
            shoot(driver, dir, "study", 1600);

            driver.get(service.url("/#/submit"));
            new Select(await(driver, d -> d.findElement(By.id("example")))).selectByVisibleText("Job: broken on purpose (see how errors show)");
            driver.findElement(By.id("submit-spec")).click();
            await(driver, d -> d.findElements(By.cssSelector("#editor-notes .note")).size() == 3);
            shoot(driver, dir, "submit-errors", 900);

            driver.get(service.url("/#/playground"));
            await(driver, d -> "5".equals(d.findElement(By.id("pg-canvas")).getDomAttribute("data-trajectories")));
            shoot(driver, dir, "playground", 900);
        } finally {
            driver.quit();
        }
    }

    /** A picture of exactly 1280 × height CSS pixels (a window's size would include the browser's frame). */
    private static void shoot(ChromeDriver driver, Path dir, String name, int height) throws Exception {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 1280, "height", height, "deviceScaleFactor", 1, "mobile", false));
        Thread.sleep(800); // charts follow the new size
        Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
}
