package io.descent.dashboard;

import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What the browser tests do with a page: wait for what a person would see, read the charts' counts. */
final class Pages {

    private Pages() {}

    /** Waits until {@code condition} is neither null nor false; elements redrawn meanwhile are looked up again. */
    static <T> T await(WebDriver driver, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Service.WAIT, Duration.ofMillis(200)).ignoring(StaleElementReferenceException.class)
                .ignoring(NoSuchElementException.class).ignoring(NumberFormatException.class).until(condition);
    }

    /** The points a chart draws (its data-points attribute, kept by chart.js). */
    static int points(WebElement chart) {
        return Integer.parseInt(chart.getDomAttribute("data-points"));
    }

    static int series(WebElement chart) {
        return Integer.parseInt(chart.getDomAttribute("data-series"));
    }

    /** Sets a textarea as typing would (an input event follows), without typing it key by key. */
    static void type(ChromeDriver driver, WebElement area, String text) {
        driver.executeScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));", area, text);
    }
}
