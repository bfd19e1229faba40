package dev.merchantry.platform.console;

import dev.merchantry.platform.demo.DemoScale;
import dev.merchantry.platform.http.ApiClient;
import dev.merchantry.platform.testing.EmbeddedNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console in a real browser (Debian chromium + chromedriver, headless) against a real node seeded with a small
 * demo shop and the bundled baselines plugin. Screenshots of the main pages go to
 * {@code web-console/target/screenshots/}. Without chromedriver the suite is skipped, except on CI (CI=true), where
 * {@code .ci/run} installs it and its absence is a failure. An integration test (failsafe, {@code mvn verify}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleE2EIT {

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String ADMIN_TOKEN = "e2e-admin-token-0123456789abcdef";
    private static final String DEMO_EMAIL = "demo@merchantry.dev";
    private static final String DEMO_PASSWORD = "demo-merchant";
    private static final Path SCREENSHOTS = Path.of("..", "web-console", "target", "screenshots");

    private static EmbeddedNode node;
    private static WebDriver driver;
    private static String base;
    private static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        boolean browser = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
        if (ci && !browser) {
            throw new IllegalStateException("CI needs chromium and chromium-driver (installed by .ci/run)");
        }
        Assumptions.assumeTrue(browser, "chromium/chromedriver not installed: apt-get install -y chromium chromium-driver");
        Path plugins = EmbeddedNode.BUNDLED_PLUGINS;
        assertTrue(Files.isRegularFile(plugins.resolve("baselines.zip")), "the bundled baselines plugin is built");
        node = EmbeddedNode.builder().pluginsDir(plugins).demo(new DemoScale(200, 40, 240)).adminToken(ADMIN_TOKEN)
                .start();
        base = node.url();
        api = node.api();
        assertEquals(201, api.post("/api/v1/shops", ADMIN_TOKEN, "{\"id\":\"rival\",\"name\":\"Rival Store\"}").status());
        assertEquals(201, api.post("/api/v1/users", ADMIN_TOKEN, "{\"email\":\"rival@example.com\","
                + "\"password\":\"rival-password\",\"shops\":[\"rival\"]}").status());
        assertEquals(201, api.post("/api/v1/users", ADMIN_TOKEN, "{\"email\":\"ops@example.com\","
                + "\"password\":\"ops-password\",\"admin\":true}").status());
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

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    @Order(1)
    void merchantLogsInAndSeesTheDemoShop() {
        driver.get(base + "/");
        login(DEMO_EMAIL, "wrong-password");
        assertTrue(waitFor(By.id("login-error")).getText().contains("Wrong email or password"));
        login(DEMO_EMAIL, DEMO_PASSWORD);
        WebElement card = waitFor(By.cssSelector(".shop-card .stat-value"));
        waitUntil(d -> d.findElement(By.cssSelector(".shop-card")).getText().contains("Active strategies"));
        String overview = driver.findElement(By.cssSelector(".grid")).getText();
        assertTrue(overview.contains("Demo Outdoor Store"), overview);
        assertFalse(overview.contains("Rival Store"), "a merchant sees only its shops");
        assertTrue(card.isDisplayed());
        assertFalse(overview.contains("Serving statistics unavailable") || overview.contains("served by a fallback"),
                "no fallback alert before any recommendation was served: " + overview);
        screenshot("01-overview");
        // The fallback-serving alert's rule, run in the browser on the console's own module.
        Object alerts = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "import('/js/pages/overview.js').then(m => done(["
                        + "  m.fallbackAlert({window_minutes: 60, recommendations: {requests: 40, fallback: 30, fallback_share: 0.75,"
                        + "    by_strategy: {popular: 30, 'item-knn': 10}}})?.title,"
                        + "  m.fallbackAlert({window_minutes: 60, recommendations: {requests: 19, fallback: 19, fallback_share: 1}}),"
                        + "  m.fallbackAlert({window_minutes: 60, recommendations: {requests: 100, fallback: 50, fallback_share: 0.5}}),"
                        + "  m.fallbackAlert(null)]), e => done(String(e)));");
        List<?> results = (List<?>) alerts;
        assertTrue(String.valueOf(results.get(0)).contains("75%") && String.valueOf(results.get(0)).contains("fallback"),
                "more than half of at least 20 requests by a fallback raises the alert: " + results);
        assertEquals(null, results.get(1), "fewer than 20 requests: no alert");
        assertEquals(null, results.get(2), "exactly half: no alert");
        assertEquals(null, results.get(3), "no statistics: no alert");
        noConsoleErrors();
    }

    @Test
    @Order(2)
    void invalidValueShowsInlineErrorThenSavedChangeAppearsInHistory() {
        open("#/shops/demo/strategies");
        WebElement field = waitFor(By.id("recommender-k"));
        field.clear();
        field.sendKeys("0");
        WebElement error = waitFor(By.id("recommender-k-error"));
        // The demo binds item-knn (recommenders plugin): k is its neighbourhood size, at least 1.
        assertTrue(error.getText().contains("at least 1"),
                "the validator's message is shown next to the field: " + error.getText());
        assertEquals("true", field.getDomAttribute("aria-invalid"));
        screenshot("02-strategies-inline-error");

        WebElement card = driver.findElement(By.id("card-recommender"));
        card.findElement(By.xpath(".//button[normalize-space()='Save changes']")).click();
        waitUntil(d -> toastText().contains("Fix the highlighted fields"));

        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), "30");
        waitUntil(d -> d.findElements(By.id("recommender-k-error")).isEmpty());
        card.findElement(By.xpath(".//button[normalize-space()='Save changes']")).click();
        waitUntil(d -> toastText().contains("Saved"));
        WebElement history = waitFor(By.cssSelector("#card-recommender .history-list"));
        waitUntil(d -> d.findElement(By.cssSelector("#card-recommender .history-list li")).getText().contains("30"));
        String latest = history.findElement(By.cssSelector("li")).getText();
        assertTrue(latest.contains("k \"default\" → 30"), latest);
        assertTrue(latest.contains("user:" + DEMO_EMAIL), "the change is recorded under the merchant: " + latest);
        screenshot("03-strategies-saved");
    }

    @Test
    @Order(3)
    void trainingShowsProgressUntilItCompletes() {
        open("#/shops/demo/strategies");
        for (String kind : List.of("recommender", "forecaster", "profiler")) {
            WebElement card = waitFor(By.id("card-" + kind));
            WebElement train = card.findElement(By.xpath(".//button[normalize-space()='Train now']"));
            // serve --demo trains the demo's strategies once at start; wait for that before starting a new job.
            new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> train.isEnabled());
            List<WebElement> before = driver.findElements(By.cssSelector("#card-" + kind + " .job"));
            String previous = before.isEmpty() ? "" : before.get(0).getDomAttribute("data-job");
            train.click();
            waitUntil(d -> toastText().contains("queued"));
            new WebDriverWait(driver, Duration.ofSeconds(60)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(d -> {
                        WebElement job = d.findElement(By.cssSelector("#card-" + kind + " .job"));
                        return !previous.equals(job.getDomAttribute("data-job"))
                                && job.findElement(By.cssSelector(".badge")).getText().equals("succeeded");
                    });
            WebElement bar = driver.findElement(By.cssSelector("#card-" + kind + " [role=progressbar]"));
            assertEquals("100", bar.getDomAttribute("aria-valuenow"));
            assertTrue(driver.findElement(By.cssSelector("#card-" + kind + " table.metrics")).isDisplayed(),
                    "the resulting metrics are shown");
        }
        screenshot("04-strategies-trained");
    }

    @Test
    @Order(4)
    void forecastChartWithBands() {
        open("#/shops/demo/insights/forecast");
        waitFor(By.cssSelector("mr-chart.forecast-chart canvas"));
        waitUntil(d -> d.findElements(By.cssSelector("mr-insight-forecast .table tbody tr")).size() == 28);
        String legend = driver.findElement(By.cssSelector("mr-chart.forecast-chart")).getText();
        assertTrue(legend.contains("Forecast") && legend.contains("Units sold"), legend);
        screenshot("05-insights-forecast");
    }

    @Test
    @Order(5)
    void recommendationsPreviewForACustomerAndAProduct() {
        open("#/shops/demo/insights/recommendations");
        // What the demo's recommendation widget earned (its simulated last four weeks), per strategy, with a chart.
        waitUntil(d -> !d.findElements(By.cssSelector("mr-performance table.performance-table tbody tr")).isEmpty());
        String performance = driver.findElement(By.cssSelector("mr-performance")).getText();
        assertTrue(performance.contains("What recommendations earned") && performance.contains("item-knn")
                && performance.contains("Per 1,000 lists"), performance);
        waitFor(By.cssSelector("mr-chart.performance-chart canvas"));
        WebElement subject = waitFor(By.name("subject"));
        waitUntil(d -> !d.findElements(By.cssSelector("#rec-subjects option")).isEmpty());
        String customer = driver.findElement(By.cssSelector("#rec-subjects option")).getDomAttribute("value");
        subject.sendKeys(customer);
        driver.findElement(By.xpath("//button[normalize-space()='Preview']")).click();
        waitUntil(d -> d.findElements(By.cssSelector("table.recs tbody tr")).size() == 10);
        String table = driver.findElement(By.cssSelector("table.recs")).getText();
        assertTrue(table.contains("Why"), table);
        screenshot("06-insights-recommendations");

        driver.findElement(By.cssSelector("input[name=mode][value=product]")).click();
        WebElement productField = driver.findElement(By.name("subject"));
        productField.clear();
        productField.sendKeys("p-0001");
        driver.findElement(By.xpath("//button[normalize-space()='Preview']")).click();
        waitUntil(d -> d.findElement(By.cssSelector("mr-insight-recommendations")).getText().contains("For product p-0001"));

        // A shopper without history is served by the fallback chain, and the preview says so.
        driver.findElement(By.cssSelector("input[name=mode][value=customer]")).click();
        WebElement customerField = driver.findElement(By.name("subject"));
        customerField.clear();
        customerField.sendKeys("e2e-brand-new-visitor");
        driver.findElement(By.xpath("//button[normalize-space()='Preview']")).click();
        waitUntil(d -> d.findElement(By.cssSelector("mr-insight-recommendations")).getText().contains("For customer e2e-brand-new-visitor"));
        String fallback = driver.findElement(By.cssSelector("mr-insight-recommendations .banner-warning")).getText();
        assertTrue(fallback.contains("Served by the fallback popular") && fallback.contains("this customer has no history"), fallback);
        assertTrue(driver.findElement(By.cssSelector("table.recs")).getText().contains("popular"), "each item names its strategy");
        screenshot("06b-insights-recommendations-fallback");

        // Mostly new visitors for a while: the overview warns that fallbacks serve most answers (GET …/serving-stats).
        // "Mostly" counts every answer of the hour, the lists the demo's own experiment served at start included.
        dev.merchantry.platform.testing.Eventually.await(java.time.Duration.ofSeconds(120),
                "the demo's experiment has stopped", () -> api.get("/api/v1/shops/demo/experiments", ADMIN_TOKEN)
                        .json().getJsonArray("experiments").stream()
                        .anyMatch(e -> "stopped".equals(((io.vertx.core.json.JsonObject) e).getString("status"))));
        io.vertx.core.json.JsonObject served = api.get("/api/v1/shops/demo/serving-stats", ADMIN_TOKEN).json()
                .getJsonObject("recommendations");
        long visitors = Math.max(25, served.getLong("requests") - 2 * served.getLong("fallback") + 25);
        for (int i = 0; i < visitors; i++) {
            assertEquals(200, api.get("/api/v1/shops/demo/recommendations?customer=e2e-visitor-" + i, ADMIN_TOKEN).status());
        }
        open("#/overview");
        waitUntil(d -> d.findElement(By.cssSelector(".shop-card")).getText().contains("served by a fallback in the last 60 minutes"));
        String alert = driver.findElement(By.cssSelector(".shop-card .banner-warning")).getText();
        assertTrue(alert.contains("popular"), "the alert names the strategies that answered: " + alert);
        screenshot("01b-overview-fallback-alert");
    }

    @Test
    @Order(6)
    void replenishmentTableAndSettings() {
        open("#/shops/demo/insights/replenishment");
        waitUntil(d -> !d.findElements(By.cssSelector(".replenishment-table tbody tr")).isEmpty());
        List<WebElement> rows = driver.findElements(By.cssSelector(".replenishment-table tbody tr"));
        double previous = Double.MAX_VALUE;
        for (WebElement row : rows) {
            String risk = row.getDomAttribute("data-risk");
            double value = risk == null || risk.isEmpty() ? -1 : Double.parseDouble(risk);
            assertTrue(value <= previous, "most urgent first: " + value + " after " + previous);
            previous = value;
        }
        String header = driver.findElement(By.cssSelector(".replenishment-table thead")).getText();
        for (String column : List.of("On hand", "Lead-time demand", "Safety stock", "Reorder point", "Order quantity",
                "Days of cover", "Stock-out risk")) {
            assertTrue(header.contains(column), column + " in " + header);
        }
        assertTrue(rows.get(0).getText().matches("(?s).*(\\d+%|< 1%|> 99%).*"), "risk as a percentage: " + rows.get(0).getText());
        String forecaster = driver.findElement(By.cssSelector("mr-insight-replenishment .compact-stats")).getText();
        assertTrue(forecaster.contains("auto"), "planned from the bound auto forecaster: " + forecaster);
        screenshot("16-insights-replenishment");

        driver.findElement(By.cssSelector("mr-insight-replenishment .card-actions .switch")).click();
        waitUntil(d -> d.findElement(By.cssSelector("mr-insight-replenishment")).getText().contains("products to reorder"));
        waitUntil(d -> d.findElements(By.cssSelector(".replenishment-table tbody tr")).stream()
                .allMatch(r -> Long.parseLong(r.getDomAttribute("data-order")) > 0)
                || d.findElement(By.cssSelector("mr-insight-replenishment")).getText().contains("Nothing to reorder now"));

        // Settings: the node's 400 names the field, shown inline; a fixed value is saved and the plan follows.
        WebElement lead = waitFor(By.id("replenishment-lead_time_days"));
        lead.sendKeys(Keys.chord(Keys.CONTROL, "a"), "-3");
        driver.findElement(By.xpath("//button[normalize-space()='Save policy']")).click();
        WebElement error = waitFor(By.id("replenishment-lead_time_days-error"));
        assertTrue(error.getText().contains("0 to 365"), error.getText());
        assertEquals("true", lead.getDomAttribute("aria-invalid"));
        screenshot("17-replenishment-settings-error");
        lead.sendKeys(Keys.chord(Keys.CONTROL, "a"), "10");
        driver.findElement(By.xpath("//button[normalize-space()='Save policy']")).click();
        waitUntil(d -> toastText().contains("Saved the shop's replenishment policy"));
        waitUntil(d -> d.findElement(By.cssSelector(".replenishment-table tbody tr")).getText().contains("over 10 days"));
    }

    @Test
    @Order(7)
    void forecastWithSeasonalNaive() {
        bindAndTrain("forecaster", "{\"strategy\":\"seasonal-naive\",\"config\":{},\"enabled\":true}");
        open("#/shops/demo/insights/forecast/p-0001");
        waitFor(By.cssSelector("mr-chart.forecast-chart canvas"));
        waitUntil(d -> d.findElements(By.cssSelector("mr-insight-forecast .table tbody tr")).size() == 28);
        assertTrue(driver.findElement(By.cssSelector("mr-insight-forecast")).getText().contains("seasonal-naive"));
        screenshot("05b-insights-forecast-seasonal-naive");
        assertEquals(200, api.put("/api/v1/shops/demo/strategies/forecaster", ADMIN_TOKEN,
                "{\"strategy\":\"auto\",\"config\":{},\"enabled\":true}").status());
    }

    @Test
    @Order(8)
    void segmentsProfileAndAudience() {
        open("#/shops/demo/insights/segments");
        waitUntil(d -> !d.findElements(By.cssSelector(".segments-card .bars li")).isEmpty());
        assertEquals(11, driver.findElements(By.cssSelector(".rfm-card .bars li")).size(), "every RFM group has a bar");
        String segments = driver.findElement(By.cssSelector(".segments-card")).getText();
        assertTrue(segments.matches("(?s).*\\d+%.*"), "segment sizes with shares: " + segments);

        waitUntil(d -> !d.findElements(By.cssSelector("#profile-customers option")).isEmpty());
        String customer = driver.findElement(By.cssSelector("#profile-customers option")).getDomAttribute("value");
        driver.findElement(By.id("profile-customer")).sendKeys(customer);
        driver.findElement(By.xpath("//button[normalize-space()='Look up']")).click();
        waitUntil(d -> d.findElement(By.cssSelector(".profile h3")).getText().contains(customer));
        assertTrue(driver.findElement(By.cssSelector(".profile")).getText().contains("RFM scores"));
        screenshot("18-insights-segments");

        // A bad range comes back from the node as an inline error on its field.
        driver.findElement(By.id("audience-min_value")).sendKeys("500");
        driver.findElement(By.id("audience-max_value")).sendKeys("100");
        driver.findElement(By.xpath("//button[normalize-space()='Preview audience']")).click();
        WebElement error = waitFor(By.id("audience-max_value-error"));
        assertTrue(error.getText().contains("min_value"), error.getText());
        driver.findElement(By.id("audience-min_value")).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        driver.findElement(By.id("audience-max_value")).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        new Select(driver.findElement(By.cssSelector(".audience-form select[name=limit]"))).selectByVisibleText("25");
        driver.findElement(By.xpath("//button[normalize-space()='Preview audience']")).click();
        waitUntil(d -> d.findElements(By.cssSelector(".audience-table tbody tr")).size() == 25);
        String first = driver.findElement(By.cssSelector(".audience-table tbody tr")).getText();
        assertTrue(first.contains("€"), "value in the shop's currency: " + first);
        assertEquals(3, driver.findElements(By.cssSelector(".audience-table tbody tr:first-child .picks li")).size(),
                "three top products per customer");
        driver.findElement(By.xpath("//button[normalize-space()='Load 25 more']")).click();
        waitUntil(d -> d.findElements(By.cssSelector(".audience-table tbody tr")).size() > 25);
        driver.findElement(By.xpath("//button[normalize-space()='Export CSV']")).click();
        waitUntil(d -> toastText().matches("(?s).*Exported \\d+ customers to audience-demo.csv.*"));
        dismissToasts();
        screenshot("19-insights-audience");
    }

    @Test
    @Order(9)
    void pricingSuggestionIsApproved() {
        // Suggest mode, and a few periods learned through the API, as a shop's integration would report them.
        assertEquals(200, api.put("/api/v1/shops/demo/strategies/pricing", ADMIN_TOKEN,
                "{\"strategy\":\"thompson-pricing\",\"config\":{\"mode\":\"suggest\"},\"enabled\":true}").status());
        int[] sold = {2, 3, 1, 2};
        for (int units : sold) {
            var decision = api.post("/api/v1/shops/demo/pricing/p-0001/decide", ADMIN_TOKEN, "");
            assertEquals(200, decision.status(), decision.body());
            String id = decision.json().getString("decision_id");
            assertEquals(200, api.post("/api/v1/shops/demo/pricing/suggestions/" + id + "/approve", ADMIN_TOKEN, "").status());
            assertEquals(200, api.post("/api/v1/shops/demo/pricing/p-0001/outcome", ADMIN_TOKEN,
                    "{\"decision_id\":\"" + id + "\",\"units\":" + units + "}").status());
        }
        open("#/shops/demo/insights/pricing/p-0001");
        waitFor(By.cssSelector("mr-chart.pricing-timeline canvas"));
        waitFor(By.cssSelector("mr-chart.pricing-curve canvas"));
        waitUntil(d -> d.findElement(By.cssSelector(".suggestions-card")).getText().contains("No suggestions waiting"));
        driver.findElement(By.xpath("//button[normalize-space()='Decide now']")).click();
        waitUntil(d -> toastText().contains("Suggested"));
        waitUntil(d -> d.findElements(By.cssSelector(".suggestions-table tbody tr")).size() == 1);
        screenshot("20-insights-pricing-suggestion");
        driver.findElement(By.cssSelector(".suggestions-table tbody tr")).findElement(By.xpath(".//button[normalize-space()='Approve']")).click();
        waitUntil(d -> toastText().contains("Approved"));
        waitUntil(d -> d.findElement(By.cssSelector(".suggestions-card")).getText().contains("No suggestions waiting"));
        waitUntil(d -> d.findElement(By.cssSelector(".decisions-table tbody tr")).getText().contains("active"));
        dismissToasts();
        ((JavascriptExecutor) driver).executeScript("document.querySelector('.pricing-product').scrollIntoView()");
        screenshot("21-insights-pricing-approved");
        noConsoleErrors();
    }

    @Test
    @Order(10)
    void dataPageCountsSearchesAndUploadsWithARejectsReport() throws Exception {
        open("#/shops/demo/data");
        waitFor(By.cssSelector("mr-data mr-chart canvas"));
        WebElement search = waitFor(By.cssSelector("input[type=search]"));
        search.sendKeys("p-0002");
        waitUntil(d -> d.findElement(By.cssSelector("mr-data .search + p")).getText().startsWith("1 of"));
        screenshot("07-data");

        Path csv = Files.createTempFile(node.dir(), "products", ".csv");
        Files.writeString(csv, "product_id,title,category,price,currency\n"
                + "p-new-1,Trail Mug,camping,12.5,EUR\n"
                + "p-new-2,Bad Price,camping,not-a-number,EUR\n");
        new Select(driver.findElement(By.cssSelector(".upload-form select[name=kind]"))).selectByValue("products");
        driver.findElement(By.cssSelector(".upload-form input[type=file]")).sendKeys(csv.toAbsolutePath().toString());
        driver.findElement(By.xpath("//button[normalize-space()='Upload']")).click();
        WebElement result = waitFor(By.cssSelector(".upload-result"));
        waitUntil(d -> d.findElement(By.cssSelector(".upload-result")).getText().contains("1 stored"));
        String text = result.getText();
        assertTrue(text.contains("1 problem"), text);
        assertTrue(text.contains("price"), "the rejected row names its field: " + text);
        WebElement download = driver.findElement(By.xpath("//a[contains(., 'Download rejected rows')]"));
        assertTrue(download.getDomAttribute("href").startsWith("blob:"));
        Object report = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0]).then(r => r.text()).then(done, e => done(String(e)));",
                download.getDomAttribute("href"));
        assertTrue(String.valueOf(report).startsWith("line,id,field,message\n3,p-new-2,price,"), String.valueOf(report));
        screenshot("08-data-upload");
    }

    @Test
    @Order(11)
    void aMerchantCannotOpenAnotherMerchantsShop() {
        open("#/shops/rival/strategies");
        WebElement main = waitFor(By.cssSelector("main .empty-state"));
        assertTrue(main.getText().contains("don't have access to shop 'rival'"), main.getText());
        Object status = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch('/api/v1/shops/rival/strategies').then(r => done(r.status), e => done(String(e)));");
        assertEquals(403L, status, "the API refuses the other merchant's shop to this session");
        screenshot("09-no-access");

        // And the other merchant sees its own shop only.
        logout();
        login("rival@example.com", "rival-password");
        open("#/overview");
        waitUntil(d -> d.findElement(By.cssSelector(".grid")).getText().contains("Rival Store"));
        assertFalse(driver.findElement(By.cssSelector(".grid")).getText().contains("Demo Outdoor Store"));
        open("#/shops/demo/data");
        assertTrue(waitFor(By.cssSelector("main .empty-state")).getText().contains("don't have access to shop 'demo'"));
        screenshot("10-empty-shop-overview-denied");
        open("#/shops/rival/data");
        waitUntil(d -> d.findElement(By.cssSelector("mr-data")).getText().contains("No events yet"));
        screenshot("11-empty-shop-data");
        logout();
    }

    @Test
    @Order(12)
    void adminSeesPluginsAndTabletLayout() {
        login("ops@example.com", "ops-password");
        open("#/plugins");
        waitUntil(d -> d.findElement(By.cssSelector("mr-plugins")).getText().contains("baselines"));
        assertTrue(driver.findElement(By.cssSelector("mr-plugins")).getText().contains("started"));
        // Which shops use each plugin: the demo shop is bound to bundled strategies.
        waitUntil(d -> d.findElement(By.cssSelector("mr-plugins")).getText().contains("demo"));
        WebElement spec = driver.findElement(By.cssSelector("mr-plugins details.strategy-spec"));
        spec.findElement(By.tagName("summary")).click();
        assertTrue(spec.getText().contains("Importance"), "a strategy's config spec unfolds: " + spec.getText());
        screenshot("12-plugins");
        driver.findElement(By.linkText("Read the plugin guide")).click();
        waitUntil(d -> d.findElement(By.cssSelector("mr-plugin-docs")).getText().contains("Writing a Merchantry plugin"));
        assertTrue(driver.findElement(By.cssSelector("mr-plugin-docs")).getText().contains("merchantry plugin new"));
        screenshot("12b-plugin-guide");
        open("#/users");
        waitUntil(d -> d.findElement(By.cssSelector("mr-users")).getText().contains("rival@example.com"));
        screenshot("13-users");

        driver.manage().window().setSize(new Dimension(820, 1180));
        open("#/shops/demo/strategies");
        waitFor(By.id("card-forecaster"));
        WebElement menu = driver.findElement(By.cssSelector(".nav-toggle"));
        assertTrue(menu.isDisplayed(), "on a tablet the navigation folds behind a menu button");
        screenshot("14-tablet-strategies");
        menu.click();
        waitUntil(d -> d.findElement(By.cssSelector(".shell.nav-open")) != null);
        screenshot("15-tablet-nav");
        open("#/shops/demo/insights/segments");
        waitUntil(d -> d.findElements(By.cssSelector(".rfm-card .bars li")).size() == 11);
        screenshot("22-tablet-segments");
        open("#/shops/demo/insights/replenishment");
        waitUntil(d -> !d.findElements(By.cssSelector(".replenishment-table tbody tr")).isEmpty());
        screenshot("23-tablet-replenishment");
        driver.manage().window().setSize(new Dimension(1366, 900));
        noConsoleErrors();
    }

    @Test
    @Order(13)
    void merchantCreatesAKeyShownOnceAndRevokesIt() {
        open("#/overview");
        logout();
        login(DEMO_EMAIL, DEMO_PASSWORD);
        open("#/shops/demo/keys");
        waitUntil(d -> d.findElement(By.cssSelector("mr-keys")).getText().contains("default key"));
        WebElement form = driver.findElement(By.cssSelector("mr-keys form"));
        form.findElement(By.cssSelector("button[type=submit]")).click();
        assertTrue(waitFor(By.id("key-name-error")).getText().contains("is required"), "a missing name is named");
        form.findElement(By.name("name")).sendKeys("storefront");
        form.findElement(By.cssSelector("input[name=scope][value=ingest]")).click();
        form.findElement(By.cssSelector("button[type=submit]")).click();
        String key = waitFor(By.cssSelector(".new-key code")).getText();
        assertTrue(key.startsWith("mrs_"), key);
        waitUntil(d -> d.findElement(By.cssSelector(".keys-table")).getText().contains("storefront"));
        String row = driver.findElement(By.xpath("//table[contains(@class,'keys-table')]//tr[td[1][.='storefront']]"))
                .getText();
        assertTrue(row.contains("ingest") && row.contains("never"), row);
        assertEquals(200, api.get("/api/v1/shops/demo/products", key).status(), "the key shown works");
        dismissToasts();
        screenshot("24-api-keys");

        driver.findElement(By.xpath("//button[normalize-space()='Done']")).click();
        waitUntil(d -> d.findElements(By.cssSelector(".new-key")).isEmpty());
        assertFalse(driver.findElement(By.cssSelector("mr-keys")).getText().contains(key), "the key is shown only once");
        driver.findElement(By.xpath("//tr[td[1][.='storefront']]//button[normalize-space()='Revoke']")).click();
        driver.switchTo().alert().accept();
        waitUntil(d -> !d.findElement(By.cssSelector(".keys-table")).getText().contains("storefront"));
        assertEquals(401, api.get("/api/v1/shops/demo/products", key).status(), "revoked");
        noConsoleErrors();
    }

    // --- helpers ---

    /** Binds a strategy through the API and waits for its training job to succeed. */
    private static void bindAndTrain(String kind, String binding) {
        String path = "/api/v1/shops/demo/strategies/" + kind;
        assertEquals(200, api.put(path, ADMIN_TOKEN, binding).status());
        var queued = api.post(path + "/train", ADMIN_TOKEN, "");
        assertEquals(202, queued.status(), queued.body());
        String job = queued.json().getString("job_id");
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> {
            String state = api.get("/api/v1/jobs/" + job, ADMIN_TOKEN).json().getString("state");
            assertFalse("failed".equals(state), "training " + binding + " failed");
            return "succeeded".equals(state);
        });
    }

    private static void login(String email, String password) {
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

    private static void logout() {
        driver.findElement(By.xpath("//button[normalize-space()='Log out']")).click();
        waitFor(By.cssSelector("mr-login form"));
    }

    private static void open(String hash) {
        driver.get(base + "/" + hash);
        waitFor(By.cssSelector("main .page-title"));
        dismissToasts(); // the previous page's messages would cover this page's screenshots
    }

    /** Closes the toasts so they do not cover what a screenshot is for. */
    private static void dismissToasts() {
        // By script: a toast may expire between finding and clicking it.
        ((JavascriptExecutor) driver).executeScript("document.querySelectorAll('.toast .icon-button').forEach(b => b.click())");
        waitUntil(d -> d.findElements(By.cssSelector(".toast")).isEmpty());
    }

    private static String toastText() {
        return String.join(" | ", driver.findElements(By.cssSelector(".toast")).stream().map(WebElement::getText).toList());
    }

    private static WebElement waitFor(By by) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(by));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw diagnosed(e);
        }
    }

    private static void waitUntil(java.util.function.Function<WebDriver, Boolean> condition) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(org.openqa.selenium.NoSuchElementException.class)
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw diagnosed(e);
        }
    }

    /** A timeout with what the browser showed: the page is saved next to the screenshots, console messages attached. */
    private static AssertionError diagnosed(RuntimeException e) {
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
    private static void fitsWidth() {
        Object culprits = ((JavascriptExecutor) driver).executeScript(
                "const w = document.documentElement.clientWidth;"
                        + "if (document.documentElement.scrollWidth <= w) return '';"
                        + "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1)"
                        + ".slice(0, 8).map(e => e.tagName + '.' + e.className + ' right=' + Math.round(e.getBoundingClientRect().right)"
                        + " + ' width=' + Math.round(e.getBoundingClientRect().width)).join('; ') || 'scrollWidth ' + document.documentElement.scrollWidth;");
        assertEquals("", culprits, "horizontal overflow at " + driver.getCurrentUrl());
    }

    private static void screenshot(String name) {
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
    private static void settled() {
        waitUntil(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "requestAnimationFrame(() => requestAnimationFrame(() => done(document.getAnimations().every("
                        + "  a => a.playState !== 'running' || a.effect.getComputedTiming().iterations === Infinity))));")));
    }

    /** Fails on JavaScript errors in the browser console (a broken module would otherwise go unnoticed). */
    private static void noConsoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            // 4xx answers the console handles on purpose (wrong password, 403/409 empty states) are logged by
            // Chrome as network errors; script errors are what must not happen.
            if (entry.getLevel() == Level.SEVERE && !entry.getMessage().contains("Failed to load resource")) {
                errors.add(entry.getMessage());
            }
        }
        assertTrue(errors.isEmpty(), "browser console errors: " + errors);
    }
}
