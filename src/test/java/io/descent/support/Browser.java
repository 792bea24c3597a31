package io.descent.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A headless Chromium for the dashboard's browser tests: Debian's {@code chromium} and
 * {@code chromium-driver}, found at fixed paths so that Selenium Manager never looks for (or
 * downloads) a browser. Without them the tests are skipped, unless {@code descent.browser.required=true}
 * (or the environment variable {@code DESCENT_BROWSER_REQUIRED=true})
 * (CI installs them and sets it), where their absence fails the build.
 */
public final class Browser {

    public static final String INSTALL = "apt-get install -y chromium chromium-driver";
    private static final Path BINARY = Path.of(System.getProperty("descent.browser.binary", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("descent.browser.driver", "/usr/bin/chromedriver"));

    private Browser() {}

    /**
     * Skips a test class that needs the browser where Chromium or its driver is missing, saying how
     * to install them (or fails it, when descent.browser.required=true). A condition rather than an
     * assumption: the class is reported skipped with the reason, before Spring starts anything.
     */
    public static final class Installed implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (Files.isExecutable(BINARY) && Files.isExecutable(DRIVER)) {
                return ConditionEvaluationResult.enabled("Chromium and its driver are installed");
            }
            String message = "The browser tests need Chromium (" + BINARY + ") and its driver (" + DRIVER + "): " + INSTALL;
            // CI (.ci/run) sets the environment variable: README's test command stays plain `mvn -B verify`.
            if (Boolean.getBoolean("descent.browser.required") || "true".equals(System.getenv("DESCENT_BROWSER_REQUIRED"))) {
                throw new IllegalStateException(message + " (descent.browser.required=true)");
            }
            return ConditionEvaluationResult.disabled(message);
        }
    }

    public static ChromeDriver start() {
        // Both paths given: Selenium Manager has nothing to resolve, and is told not to go online anyway.
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        System.setProperty("SE_OFFLINE", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--hide-scrollbars", "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60)).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        // The machine may be a slow, busy 2-core box: pages and scripts get time.
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }
}
