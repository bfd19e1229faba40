package dev.merchantry.platform.console;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The browser of the console's browser tests: Debian's chromium driven headless through {@code /usr/bin/chromedriver}
 * against a node's URL, with the waits, screenshots (to {@code web-console/target/screenshots/}, each also checking
 * that the page does not scroll sideways) and console-error check the suites share. Without chromedriver a suite is
 * skipped, except on CI (CI=true), where {@code .ci/run} installs it and its absence is a failure.
 */
final class ConsoleBrowser implements AutoCloseable {

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("..", "web-console", "target", "screenshots");
    /** How long an ordinary wait for the page lasts. */
    static final Duration WAIT = Duration.ofSeconds(20);

    private final WebDriver driver;
    private final String base;

    /** Skips the calling suite when chromium is missing (fails on CI). */
    static void assumeInstalled() {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        boolean browser = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
        if (ci && !browser) {
            throw new IllegalStateException("CI needs chromium and chromium-driver (installed by .ci/run)");
        }
        Assumptions.assumeTrue(browser, "chromium/chromedriver not installed: apt-get install -y chromium chromium-driver");
    }

    /** A desktop-sized (1366 × 900), English browser for the console at {@code base}. */
    ConsoleBrowser(String base) throws java.io.IOException {
        this.base = base;
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1366,900", "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1366, 900));
    }

    WebDriver driver() {
        return driver;
    }

    String base() {
        return base;
    }

    @Override
    public void close() {
        driver.quit();
    }

    /** Logs in through the login form; a password starting with "wrong" is expected to fail. */
    void login(String email, String password) {
        WebElement emailField = waitFor(By.name("email"));
        emailField.clear();
        emailField.sendKeys(email);
        WebElement pw = driver.findElement(By.name("password"));
        pw.clear();
        pw.sendKeys(password);
        driver.findElement(By.cssSelector("mr-login button[type=submit]")).click();
        if (!password.startsWith("wrong")) {
            waitFor(By.cssSelector("nav.sidenav"));
        }
    }

    void logout() {
        driver.findElement(By.xpath("//button[normalize-space()='Log out']")).click();
        waitFor(By.cssSelector("mr-login form"));
    }

    /** Opens a console route (e.g. {@code #/overview}) and waits for its page title. */
    void open(String hash) {
        driver.get(base + "/" + hash);
        waitFor(By.cssSelector("main .page-title"));
        dismissToasts(); // the previous page's messages would cover this page's screenshots
    }

    /** Closes the toasts so they do not cover what a screenshot is for. */
    void dismissToasts() {
        // By script: a toast may expire between finding and clicking it.
        script("document.querySelectorAll('.toast .icon-button').forEach(b => b.click())");
        waitUntil(d -> d.findElements(By.cssSelector(".toast")).isEmpty());
    }

    String toastText() {
        return String.join(" | ", driver.findElements(By.cssSelector(".toast")).stream().map(WebElement::getText).toList());
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    Object asyncScript(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    WebElement waitFor(By by) {
        try {
            return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw diagnosed(e);
        }
    }

    void waitUntil(Function<WebDriver, Boolean> condition) {
        waitUntil(WAIT, condition);
    }

    /** Waits until the condition holds, ignoring elements not (yet, or no longer) on the page. */
    void waitUntil(Duration timeout, Function<WebDriver, Boolean> condition) {
        try {
            new WebDriverWait(driver, timeout).ignoring(org.openqa.selenium.NoSuchElementException.class)
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw diagnosed(e);
        }
    }

    /** A timeout with what the browser showed: the page is saved next to the screenshots, console messages attached. */
    AssertionError diagnosed(RuntimeException e) {
        String name = "failure-" + System.currentTimeMillis();
        try {
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (Exception io) {
            e.addSuppressed(io);
        }
        try {
            Files.writeString(SCREENSHOTS.resolve(name + ".html"), driver.getPageSource());
        } catch (java.io.IOException io) {
            e.addSuppressed(io);
        }
        List<String> console = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage).toList();
        return new AssertionError(e.getMessage() + "\nat " + driver.getCurrentUrl() + " (see " + name
                + ".png/.html)\nbrowser console: " + console, e);
    }

    /** The page fits the window's width (no horizontal scrolling); names the elements that stick out if not. */
    void fitsWidth() {
        Object culprits = script(
                "const w = document.documentElement.clientWidth;"
                        + "if (document.documentElement.scrollWidth <= w) return '';"
                        + "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1)"
                        + ".slice(0, 8).map(e => e.tagName + '.' + e.className + ' right=' + Math.round(e.getBoundingClientRect().right)"
                        + " + ' width=' + Math.round(e.getBoundingClientRect().width)).join('; ') || 'scrollWidth ' + document.documentElement.scrollWidth;");
        assertEquals("", culprits, "horizontal overflow at " + driver.getCurrentUrl());
    }

    void screenshot(String name) {
        fitsWidth();
        settled();
        try {
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write screenshot " + name, e);
        }
    }

    /**
     * Waits until the page has settled for a screenshot: no finite CSS transition or animation is running (spinners
     * loop forever and do not count) and two more frames were rendered, so charts sized on layout have drawn.
     */
    private void settled() {
        waitUntil(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "requestAnimationFrame(() => requestAnimationFrame(() => done(document.getAnimations().every("
                        + "  a => a.playState !== 'running' || a.effect.getComputedTiming().iterations === Infinity))));")));
    }

    /** Fails on JavaScript errors in the browser console (a broken module would otherwise go unnoticed). */
    void noConsoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            // 4xx answers the console handles on purpose (wrong password, 403/409 empty states, an expired
            // session) are logged by Chrome as network errors; script errors are what must not happen.
            if (entry.getLevel() == Level.SEVERE && !entry.getMessage().contains("Failed to load resource")) {
                errors.add(entry.getMessage());
            }
        }
        assertTrue(errors.isEmpty(), "browser console errors: " + errors);
    }
}
