package dev.merchantry.platform.console;

import dev.merchantry.platform.demo.DemoScale;
import dev.merchantry.platform.http.ApiClient;
import dev.merchantry.platform.testing.EmbeddedNode;
import dev.merchantry.platform.testing.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console in a real browser ({@link ConsoleBrowser}: Debian chromium + chromedriver, headless) against a real node
 * seeded with a small demo shop and the bundled plugins. Screenshots of the main pages go to
 * {@code web-console/target/screenshots/}. Without chromedriver the suite is skipped, except on CI (CI=true), where
 * {@code .ci/run} installs it and its absence is a failure. An integration test (failsafe, {@code mvn verify}).
 * Pricing experiments, which need days to pass on the node's clock, are {@link ConsolePricingExperimentIT}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleE2EIT {

    private static final String ADMIN_TOKEN = "e2e-admin-token-0123456789abcdef";
    private static final String DEMO_EMAIL = "demo@merchantry.dev";
    private static final String DEMO_PASSWORD = "demo-merchant";
    /** What each kind's training summary says on the demo shop (figures vary with the data, the words do not). */
    private static final Map<String, String> SUMMARY_OF = Map.of(
            "recommender", "Learned from [\\d,]+ interactions of [\\d,]+ shoppers with [\\d,]+ products\\..*",
            "forecaster", "Forecasts the daily demand of [\\d,]+ products\\..*",
            "profiler", "Profiled [\\d,]+ customers, [\\d,]+ of them with orders\\. Expects [\\d,]+ purchases in the next"
                    + " 90 days; \\d+% of customers with orders are likely gone.*");
    /** A raw figure each kind's disclosure shows, by its key. */
    private static final Map<String, String> RAW_FIGURE_OF = Map.of(
            "recommender", "neighbour_entries", "forecaster", "failed_series", "profiler", "bgnbd_alpha");
    /** Visitors sent through the experiment. */
    private static final int VISITORS = 80;

    private static EmbeddedNode node;
    private static ConsoleBrowser browser;
    private static WebDriver driver;
    private static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        ConsoleBrowser.assumeInstalled();
        Path plugins = EmbeddedNode.BUNDLED_PLUGINS;
        assertTrue(Files.isRegularFile(plugins.resolve("baselines.zip")), "the bundled baselines plugin is built");
        node = EmbeddedNode.builder().pluginsDir(plugins).demo(new DemoScale(200, 40, 240)).adminToken(ADMIN_TOKEN)
                .start();
        api = node.api();
        assertEquals(201, api.post("/api/v1/shops", ADMIN_TOKEN, "{\"id\":\"rival\",\"name\":\"Rival Store\"}").status());
        assertEquals(201, api.post("/api/v1/users", ADMIN_TOKEN, "{\"email\":\"rival@example.com\","
                + "\"password\":\"rival-password\",\"shops\":[\"rival\"]}").status());
        assertEquals(201, api.post("/api/v1/users", ADMIN_TOKEN, "{\"email\":\"ops@example.com\","
                + "\"password\":\"ops-password\",\"admin\":true}").status());
        browser = new ConsoleBrowser(node.url());
        driver = browser.driver();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    @Order(1)
    void merchantLogsInAndSeesTheDemoShop() {
        driver.get(browser.base() + "/");
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
            // The result in words first; the raw figures only behind their disclosure.
            String summary = waitFor(By.cssSelector("#card-" + kind + " .training-summary")).getText();
            assertTrue(summary.matches(SUMMARY_OF.get(kind)), kind + " summary: " + summary);
            WebElement raw = driver.findElement(By.cssSelector("#card-" + kind + " details.raw-figures"));
            WebElement metrics = raw.findElement(By.cssSelector("table.metrics"));
            assertFalse(metrics.isDisplayed(), "the raw figures are folded away");
            raw.findElement(By.tagName("summary")).click();
            waitUntil(d -> metrics.isDisplayed());
            assertTrue(metrics.getText().contains(RAW_FIGURE_OF.get(kind)), kind + " raw figures: " + metrics.getText());
        }
        screenshot("04-strategies-trained");

        // The sentences, run in the browser on the console's own module with hand-made figures.
        Object words = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "import('/js/training-summary.js').then(m => done(["
                        + "  m.summarize('profiler', {customers: 2000, buyers: 1000, clv_expected_purchases_90d: 1240.4,"
                        + "    clv_likely_gone: 140, segments_k: 4, bgnbd_fitted: 1}).join(' '),"
                        + "  m.summarize('recommender', {interactions: 12400, customers: 900, products: 300, pairs: 75}).join(' '),"
                        + "  m.summarize('forecaster', {series: 40, failed_series: 2},"
                        + "    {product_days: 800, wape: 0.23, bias: -0.05, mase: 0.8, coverage_80: 0.78}).join(' '),"
                        + "  m.summarize('recommender', {fit_quality: 7}).join(' '),"
                        + "  m.pricingWords('thompson-pricing', 'suggest', {product_days: 120, revenue_per_product_day: 12.3},"
                        + "    {product_days: 60, revenue_per_product_day: 11.1}, 'EUR').join(' ')]), e => done(String(e)));");
        List<?> sentences = (List<?>) words;
        assertEquals("Profiled 2,000 customers, 1,000 of them with orders. Expects 1,240 purchases in the next 90 days;"
                + " 14% of customers with orders are likely gone (less than an even chance they are still buying)."
                + " Sorted them into 4 segments.", sentences.get(0));
        assertEquals("Learned from 12,400 interactions of 900 shoppers with 300 products."
                + " Found 75 pairs of products bought together.", sentences.get(1));
        assertEquals("Forecasts the daily demand of 40 products; 2 could not be forecast (the node's log says why)."
                + " Over the last 30 days its forecasts missed 23% of the units sold and ran 5% too low — more accurate"
                + " than simply repeating last week's sales. Sales fell inside its 80 % range on 78% of product-days"
                + " (about 80 % is right).", sentences.get(2));
        assertEquals("Training finished; the figures below are the strategy's own.", sentences.get(3),
                "a third-party strategy's own figures get no invented sentence");
        assertTrue(String.valueOf(sentences.get(4)).contains("€12.30 a day under thompson-pricing (120 product-days)"
                + " against €11.10 at list price"), String.valueOf(sentences.get(4)));
        noConsoleErrors();
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
        // Up to the 10 asked for: the first suggested customer is the most recently active one, and in this small
        // demo shop (40 products) some have fewer products left to recommend.
        waitUntil(d -> d.findElement(By.cssSelector("mr-insight-recommendations")).getText()
                .contains("For customer " + customer) && !d.findElements(By.cssSelector("table.recs tbody tr")).isEmpty());
        int rows = driver.findElements(By.cssSelector("table.recs tbody tr")).size();
        assertTrue(rows >= 1 && rows <= 10, rows + " rows");
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

        // The Strategies page says what the agent does instead of offering a training it does not have.
        open("#/shops/demo/strategies");
        WebElement pricing = waitFor(By.cssSelector("#card-pricing .training-summary"));
        waitUntil(d -> pricing.getText().contains("waits for your approval") && pricing.getText().contains("thompson-pricing"));
        assertTrue(driver.findElements(By.xpath("//*[@id='card-pricing']//button[normalize-space()='Train now']")).isEmpty());
        ((JavascriptExecutor) driver).executeScript("document.getElementById('card-pricing').scrollIntoView()");
        screenshot("21b-strategies-pricing-agent");
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

    @Test
    @Order(14)
    void experimentBetweenTwoStrategiesIsCreatedStartedAndShipped() {
        open("#/shops/demo/experiments");
        waitFor(By.cssSelector("mr-experiments .experiments-card"));
        int stored = driver.findElements(By.cssSelector("mr-experiments .experiments-card tbody tr")).size();
        driver.findElement(By.xpath("//main//button[normalize-space()='New experiment']")).click();
        waitFor(By.id("exp-name")).sendKeys("Similar products vs best sellers");
        // Both ways of building variants are offered: two strategies, or two settings of one strategy.
        assertEquals(1, driver.findElements(By.cssSelector("input[name=mode][value=configs]")).size());
        new Select(driver.findElement(By.id("exp-v0-strategy"))).selectByValue("item-knn");
        new Select(driver.findElement(By.id("exp-v1-strategy"))).selectByValue("popular");
        new Select(driver.findElement(By.id("exp-primary_metric"))).selectByValue("click");

        // Refused values come back from the node and are shown next to their fields, a variant's setting included.
        WebElement maxDays = driver.findElement(By.id("exp-max_days"));
        maxDays.sendKeys("0");
        driver.findElement(By.cssSelector("fieldset.variant[data-variant='0'] details.variant-settings summary")).click();
        waitFor(By.id("exp-v0-config-k")).sendKeys("0");
        driver.findElement(By.xpath("//button[normalize-space()='Create experiment']")).click();
        assertTrue(waitFor(By.id("exp-max_days-error")).getText().contains("1 to 365"),
                driver.findElement(By.id("exp-max_days-error")).getText());
        assertEquals("true", maxDays.getDomAttribute("aria-invalid"));
        assertTrue(waitFor(By.id("exp-v0-config-k-error")).getText().contains("at least 1"),
                driver.findElement(By.id("exp-v0-config-k-error")).getText());
        assertEquals(stored, driver.findElements(By.cssSelector("mr-experiments .experiments-card tbody tr")).size(),
                "nothing was stored");
        dismissToasts();
        screenshot("25-experiment-form-errors");

        maxDays.sendKeys(Keys.chord(Keys.CONTROL, "a"), "14");
        driver.findElement(By.id("exp-v0-config-k")).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        driver.findElement(By.xpath("//button[normalize-space()='Create experiment']")).click();
        waitUntil(d -> d.getCurrentUrl().matches(".*#/shops/demo/experiments/exp_[0-9a-f]+"));
        String id = driver.getCurrentUrl().replaceAll(".*/experiments/", "");
        waitUntil(d -> d.findElement(By.cssSelector("mr-experiment .experiment-results")).getText().contains("Not started"));
        assertTrue(driver.findElement(By.cssSelector("main .page-header")).getText().contains("draft"));

        driver.findElement(By.xpath("//button[normalize-space()='Start']")).click();
        waitUntil(d -> toastText().contains("Started"));
        waitUntil(d -> d.findElement(By.cssSelector("main .page-header")).getText().contains("running"));
        // Nobody is assigned until each variant's own model is trained: the page follows the training until then.
        awaitReady(id);
        awaitAssigned(id, "e2e-exp-0");

        // Visitors through the API as a storefront would send them: B's get clicked twice as often as A's.
        Map<String, Integer> units = new HashMap<>();
        Map<String, Integer> clicked = new HashMap<>();
        StringBuilder clicks = new StringBuilder("[");
        for (int i = 0; i < VISITORS; i++) {
            var reply = api.get("/api/v1/shops/demo/recommendations?customer=e2e-exp-" + i + "&limit=3", ADMIN_TOKEN);
            assertEquals(200, reply.status(), reply.body());
            var r = reply.json();
            assertEquals(id, r.getString("experiment_id"));
            String variant = r.getString("variant_id");
            units.merge(variant, 1, Integer::sum);
            if (i % (variant.equals("B") ? 2 : 4) == 0) {
                clicked.merge(variant, 1, Integer::sum);
                clicks.append(clicks.length() > 1 ? "," : "").append("{\"event_id\":\"e2e-exp-click-").append(i)
                        .append("\",\"type\":\"Product Clicked\",\"timestamp\":\"").append(Instant.now())
                        .append("\",\"customer_id\":\"e2e-exp-").append(i).append("\",\"properties\":{\"product_id\":\"")
                        .append(r.getJsonArray("items").getJsonObject(0).getString("product_id"))
                        .append("\",\"recommendation_id\":\"").append(r.getString("recommendation_id")).append("\"}}");
            }
        }
        assertEquals(200, api.post("/api/v1/shops/demo/events", ADMIN_TOKEN, clicks.append("]").toString()).status());
        driver.findElement(By.xpath("//button[normalize-space()='Refresh']")).click();
        for (String variant : List.of("A", "B")) {
            waitUntil(d -> rowOf(variant).getText().contains(" " + units.get(variant) + " "));
            String row = rowOf(variant).getText();
            assertTrue(row.contains(units.get(variant) + " ") && row.contains(" " + clicked.getOrDefault(variant, 0) + " "),
                    "variant " + variant + " with its " + units.get(variant) + " customers and "
                            + clicked.getOrDefault(variant, 0) + " clicks: " + row);
        }
        assertTrue(rowOf("B").findElement(By.cssSelector("svg.interval-bar")).getDomAttribute("aria-label")
                .matches("lift [+−±][\\d.]+%, interval .+ to .+"), "B's lift is drawn with its interval");
        assertTrue(rowOf("B").getText().matches("(?s).*(\\d+%|< 1%|> 99%).*"), "chance to beat control");
        String verdict = driver.findElement(By.cssSelector(".experiment-results .verdict")).getText();
        assertTrue(verdict.matches("(?s)(Collecting data|Keep running|A winner|No difference|Control wins)\\n.+"), verdict);
        assertTrue(driver.findElement(By.cssSelector(".experiment-results")).getText().contains("Split check"),
                "the sample-ratio check is reported");
        assertTrue(driver.findElements(By.cssSelector(".srm-warning")).isEmpty(), "no mismatch at a fair split");
        dismissToasts();
        screenshot("26-experiment-running");

        // Ship B: asked for, confirmed, and the shop's recommender binding becomes popular, in its history.
        new Select(driver.findElement(By.id("ship-variant"))).selectByValue("B");
        driver.findElement(By.xpath("//button[normalize-space()='Ship variant']")).click();
        assertTrue(driver.switchTo().alert().getText().contains("popular"));
        driver.switchTo().alert().accept();
        waitUntil(d -> toastText().contains("Shipped variant B"));
        waitUntil(d -> d.findElement(By.cssSelector(".experiment-status")).getText().contains("Shipped variant B"));
        screenshot("27-experiment-shipped");
        open("#/shops/demo/experiments");
        waitUntil(d -> d.findElement(By.cssSelector(".experiments-table")).getText().contains("Similar products vs best sellers"));
        assertTrue(driver.findElement(By.cssSelector(".experiments-table tr[data-id='" + id + "']")).getText().contains("shipped"));
        screenshot("28-experiments-list");
        open("#/shops/demo/strategies");
        waitUntil(d -> "popular".equals(new Select(d.findElement(By.cssSelector("#card-recommender select[name=strategy]")))
                .getFirstSelectedOption().getDomAttribute("value")));
        waitUntil(d -> d.findElement(By.cssSelector("#card-recommender .history-list li")).getText()
                .contains("shipped variant B of experiment " + id));
        noConsoleErrors();
    }

    @Test
    @Order(15)
    void twoSettingsOfOneStrategyAreCreatedStartedAndTrainedEach() {
        // The training words, run in the browser on the console's own module with a hand-made experiment and jobs.
        Object words = browser.asyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "import('/js/pages/experiments.js').then(m => {"
                        + "  const e = {status: 'running', ready: false, kind: 'recommender', unit: 'customer',"
                        + "    started_at: '2026-05-01T10:00:00Z'};"
                        + "  const jobs = [{job_id: 'j1', kind: 'recommender', strategy: 'item-knn', config_key: 'cfg-1',"
                        + "      state: 'running', progress: 0.5, created_at: '2026-05-01T10:00:00.020Z'},"
                        + "    {job_id: 'j0', kind: 'recommender', strategy: 'item-knn', state: 'succeeded', progress: 1,"
                        + "      created_at: '2026-05-01T10:00:01Z'},"
                        + "    {job_id: 'old', kind: 'recommender', strategy: 'item-knn', config_key: 'cfg-1',"
                        + "      state: 'failed', progress: 0, created_at: '2026-04-30T10:00:00Z'}];"
                        + "  const w = m.readiness(e, jobs);"
                        + "  done([w.title, w.words, w.trainings.map(t => t.id).join(','),"
                        + "    m.readiness({...e, ready: true}, jobs), m.readiness({...e, status: 'stopped'}, jobs)]);"
                        + "}, e => done(String(e)));");
        List<?> readiness = (List<?>) words;
        assertEquals("Training the variants' models; nobody is assigned yet", readiness.get(0), String.valueOf(readiness));
        assertTrue(String.valueOf(readiness.get(1)).contains("no customer is counted"), String.valueOf(readiness.get(1)));
        assertEquals("j1", readiness.get(2), "only the variant trainings since the start: not the binding's, not older ones");
        assertEquals(null, readiness.get(3), "a ready experiment waits for nothing");
        assertEquals(null, readiness.get(4), "nor does one that is not running");

        open("#/shops/demo/experiments");
        driver.findElement(By.xpath("//main//button[normalize-space()='New experiment']")).click();
        waitFor(By.id("exp-name")).sendKeys("Default k vs k = 17");
        driver.findElement(By.cssSelector("input[name=mode][value=configs]")).click();
        new Select(waitFor(By.id("exp-strategy"))).selectByValue("item-knn");
        assertTrue(driver.findElements(By.id("exp-v0-strategy")).isEmpty(), "one strategy picker for every variant");
        // k = 17: a config no model was trained with yet, so the experiment cannot be ready at its start.
        waitFor(By.id("exp-v1-config-k")).sendKeys("17");
        driver.findElement(By.xpath("//button[normalize-space()='Create experiment']")).click();
        waitUntil(d -> d.getCurrentUrl().matches(".*#/shops/demo/experiments/exp_[0-9a-f]+"));
        String id = driver.getCurrentUrl().replaceAll(".*/experiments/", "");
        var variants = api.get("/api/v1/shops/demo/experiments/" + id, ADMIN_TOKEN).json().getJsonArray("variants");
        assertEquals("item-knn", variants.getJsonObject(0).getString("strategy"));
        assertTrue(variants.getJsonObject(0).getJsonObject("config").isEmpty(), variants.encode());
        assertEquals("item-knn", variants.getJsonObject(1).getString("strategy"));
        assertEquals(17, variants.getJsonObject(1).getJsonObject("config").getInteger("k"));
        waitUntil(d -> d.findElement(By.cssSelector(".variants-table")).getText().contains("k = 17"));
        assertTrue(driver.findElement(By.cssSelector(".experiment-status")).getText().contains("trains a model for each variant"));

        driver.findElement(By.xpath("//button[normalize-space()='Start']")).click();
        waitUntil(d -> toastText().contains("Started: training the variants' models first"));
        awaitReady(id);
        String started = api.get("/api/v1/shops/demo/experiments/" + id, ADMIN_TOKEN).json().getString("started_at");
        // Each config got a model line of its own, trained by a job of its own since the start.
        var jobs = api.get("/api/v1/shops/demo/jobs?limit=50", ADMIN_TOKEN).json().getJsonArray("jobs");
        java.util.Set<String> lines = new java.util.HashSet<>();
        for (Object o : jobs) {
            var job = (io.vertx.core.json.JsonObject) o;
            if (job.containsKey("config_key") && "item-knn".equals(job.getString("strategy"))
                    && "succeeded".equals(job.getString("state"))
                    && !Instant.parse(job.getString("created_at")).isBefore(Instant.parse(started))) {
                lines.add(job.getString("config_key"));
            }
        }
        assertEquals(2, lines.size(), "one trained model per config: " + jobs.encode());
        awaitAssigned(id, "e2e-configs-visitor");
        dismissToasts();
        screenshot("29-experiment-one-strategy-ready");

        driver.findElement(By.xpath("//button[normalize-space()='Stop']")).click();
        waitUntil(d -> toastText().contains("Stopped"));
        waitUntil(d -> d.findElement(By.cssSelector("main .page-header")).getText().contains("stopped"));
        noConsoleErrors();
    }

    /**
     * Waits until the experiment's page shows it assigning customers — after its variants' models were trained, which
     * may take a while on a busy machine — and checks that the API says so too.
     */
    private static void awaitReady(String id) {
        browser.waitUntil(Duration.ofSeconds(120), d -> d.findElement(By.cssSelector(".experiment-status")).getText()
                .contains("Running: each customer asking for recommendations gets one variant"));
        assertTrue(driver.findElements(By.cssSelector(".experiment-training")).isEmpty(), "no training banner once ready");
        var experiment = api.get("/api/v1/shops/demo/experiments/" + id, ADMIN_TOKEN).json();
        assertEquals(Boolean.TRUE, experiment.getBoolean("ready"), experiment.encode());
    }

    /**
     * Waits until a visitor's recommendations are tagged with the experiment: nodes keep the running experiments for
     * up to 2 s, so one asked while the models trained may still be remembered as not ready.
     */
    private static void awaitAssigned(String id, String visitor) {
        Eventually.await(Duration.ofSeconds(10), "visitor " + visitor + " is assigned a variant of " + id,
                () -> api.get("/api/v1/shops/demo/recommendations?customer=" + visitor + "&limit=3", ADMIN_TOKEN).json(),
                r -> id.equals(r.getString("experiment_id")) && r.getString("variant_id") != null);
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
        browser.login(email, password);
    }

    private static void logout() {
        browser.logout();
    }

    private static void open(String hash) {
        browser.open(hash);
    }

    private static void dismissToasts() {
        browser.dismissToasts();
    }

    /** The results table's row of an experiment variant. */
    private static WebElement rowOf(String variant) {
        return driver.findElement(By.cssSelector(".results-table tr[data-variant='" + variant + "']"));
    }

    private static String toastText() {
        return browser.toastText();
    }

    private static WebElement waitFor(By by) {
        return browser.waitFor(by);
    }

    private static void waitUntil(java.util.function.Function<WebDriver, Boolean> condition) {
        browser.waitUntil(condition);
    }

    private static void screenshot(String name) {
        browser.screenshot(name);
    }

    private static void noConsoleErrors() {
        browser.noConsoleErrors();
    }
}
