package io.descent.dashboard;

import static io.descent.dashboard.Pages.await;
import static io.descent.dashboard.Pages.points;
import static org.assertj.core.api.Assertions.assertThat;

import io.descent.support.Browser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard of a service that requires keys: it asks for one on the first 401, then reads the
 * job and follows its stream with it (a stream EventSource could not authenticate).
 */
@ExtendWith(Browser.Installed.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"descent.security.keys=required",
    "descent.security.admin-key=" + DashboardSignInBrowserTest.ADMIN, "descent.worker.progress-interval=50ms"})
@ActiveProfiles("test")
class DashboardSignInBrowserTest {

    static final String ADMIN = "dsk_admin-key-of-the-dashboard-sign-in-test-0";
    private static final JsonMapper JSON = JsonMapper.builder().build();

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

    @SuppressWarnings("unchecked")
    private Map<String, Object> post(String path, String key, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return JSON.readValue(r.body(), Map.class);
    }

    @Test
    void theDashboardAsksForAKeyThenShowsTheJobLive() throws Exception {
        String user = (String) post("/api/v1/keys", ADMIN, "{\"name\": \"dana\"}").get("key");
        String id = (String) post("/api/v1/jobs", user, Service.SLOW_JOB.formatted("signed-in")).get("id");
        try {
            driver.get("http://localhost:" + port + "/#/jobs/" + id);
            WebElement input = await(driver, d -> d.findElement(By.id("api-key")));
            input.sendKeys(user);
            driver.findElement(By.id("sign-in")).click();

            await(driver, d -> d.findElement(By.cssSelector(".page-head h1")).getText().contains("signed-in"));
            WebElement loss = await(driver, d -> d.findElement(By.id("chart-loss")));
            int first = await(driver, d -> points(loss) >= 2 ? points(loss) : null);
            await(driver, d -> points(loss) > first ? points(loss) : null);
            assertThat(driver.findElement(By.id("account")).getText()).contains(user.substring(0, 8));
            assertThat(driver.findElements(By.id("login"))).isEmpty();
        } finally {
            post("/api/v1/jobs/" + id + "/cancel", user, "");
        }
    }
}
