package dev.merchantry.platform.console;

import dev.merchantry.platform.http.ApiClient;
import dev.merchantry.platform.testing.EmbeddedNode;
import dev.merchantry.platform.testing.MutableClock;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pricing experiment in the console, in a real browser ({@link ConsoleBrowser}) against a node whose clock the test
 * moves: a merchant creates "list price vs thompson-pricing" through the form (kind pricing; the list price as the
 * control, with no settings; the goals per product-day), starts it; the shop's integration asks for the 40 products'
 * prices through the API; three days pass, in which every product at list price (20) sells 4–5 units a day and every
 * product of the agent 1–2 (a planted loss); the results card shows per variant the products, product-days and revenue
 * per product-day added up here, the lift with its interval bar and the verdict; then the list price is shipped after
 * a confirmation saying that it switches off the shop's pricing agent, and the binding is off.
 */
class ConsolePricingExperimentIT {

    private static final String ADMIN_TOKEN = "e2e-admin-token-0123456789abcdef";
    private static final String SHOP = "outdoor";
    private static final String EMAIL = "pricing@example.com";
    private static final String PASSWORD = "pricing-password";
    private static final int PRODUCTS = 40;
    private static final int DAYS = 3;
    private static final double LIST = 20;
    /** The page shows money to the cent: half a cent either way. */
    private static final double CENT = 0.005 + 1e-9;

    /** Six days back, so that three days of orders are still in the past of the browser's (real) clock. */
    private static final Instant T0 = Instant.now().minus(Duration.ofDays(6)).truncatedTo(ChronoUnit.HOURS);
    private static final MutableClock CLOCK = MutableClock.at(T0);
    private static EmbeddedNode node;
    private static ConsoleBrowser browser;
    private static WebDriver driver;
    private static ApiClient api;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        ConsoleBrowser.assumeInstalled();
        node = EmbeddedNode.builder().plugins("baselines", "pricing").clock(CLOCK).adminToken(ADMIN_TOKEN).start();
        api = node.api();
        key = node.createShop(SHOP, "Outdoor Store");
        JsonArray products = new JsonArray();
        for (int i = 0; i < PRODUCTS; i++) {
            products.add(new JsonObject().put("product_id", product(i)).put("title", "Item " + i).put("price", LIST)
                    .put("cost", 10).put("currency", "EUR"));
        }
        assertEquals(200, api.put(path("/products"), key, products.encode()).status());
        // The shop prices with an agent already: shipping the list price will switch it off.
        ApiClient.Response bound = api.put(path("/strategies/pricing"), key,
                "{\"strategy\":\"thompson-pricing\",\"config\":{},\"enabled\":true}");
        assertEquals(200, bound.status(), bound.body());
        assertEquals(201, api.post("/api/v1/users", ADMIN_TOKEN, new JsonObject().put("email", EMAIL)
                .put("password", PASSWORD).put("shops", new JsonArray().add(SHOP)).encode()).status());
        browser = new ConsoleBrowser(node.url());
        driver = browser.driver();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private static String path(String suffix) {
        return "/api/v1/shops/" + SHOP + suffix;
    }

    private static String product(int i) {
        return String.format("p%02d", i);
    }

    @Test
    void listPriceAgainstAnAgentIsCreatedStartedMeasuredAndShipped() {
        driver.get(browser.base() + "/");
        browser.login(EMAIL, PASSWORD);
        browser.open("#/shops/" + SHOP + "/experiments");
        browser.waitFor(By.cssSelector("mr-experiments .experiments-card"));
        driver.findElement(By.xpath("//main//button[normalize-space()='New experiment']")).click();
        browser.waitFor(By.id("exp-name")).sendKeys("Thompson pricing vs list price");
        driver.findElement(By.cssSelector("input[name=kind][value=pricing]")).click();

        // Pricing: the list price is the control and has no settings; the agents are the other choices; per product-day.
        browser.waitUntil(d -> "list-price".equals(new Select(d.findElement(By.id("exp-v0-strategy")))
                .getFirstSelectedOption().getDomAttribute("value")));
        assertTrue(driver.findElements(By.cssSelector("[id^='exp-v0-config-']")).isEmpty(), "the list price has no settings");
        assertTrue(driver.findElement(By.cssSelector("fieldset.variant[data-variant='0']")).getText()
                .contains("Charges each product its list price"));
        assertEquals("thompson-pricing", new Select(driver.findElement(By.id("exp-v1-strategy")))
                .getFirstSelectedOption().getDomAttribute("value"), "the shop's own agent is the first challenger");
        List<String> agents = api.get("/api/v1/strategies", key).json().getJsonArray("strategies").stream()
                .map(o -> (JsonObject) o).filter(s -> "pricing".equals(s.getString("kind")))
                .map(s -> s.getString("id")).toList();
        assertTrue(agents.contains("thompson-pricing"), agents.toString());
        List<String> offered = new Select(driver.findElement(By.id("exp-v1-strategy"))).getOptions().stream()
                .map(o -> o.getDomAttribute("value")).toList();
        assertEquals(java.util.stream.Stream.concat(java.util.stream.Stream.of("list-price"), agents.stream()).toList(),
                offered, "the list price and the installed pricing agents, no recommender");
        List<String> goals = new Select(driver.findElement(By.id("exp-primary_metric"))).getOptions().stream()
                .map(WebElement::getText).toList();
        assertEquals(List.of("Revenue per product-day", "Profit per product-day"), goals);
        assertTrue(driver.findElement(By.id("exp-v1-weight-help")).getText().endsWith("of products"),
                "a pricing experiment splits products");
        WebElement control = driver.findElement(By.id("exp-v0-id"));
        control.clear();
        control.sendKeys("list");
        WebElement challenger = driver.findElement(By.id("exp-v1-id"));
        challenger.clear();
        challenger.sendKeys("agent");
        driver.findElement(By.id("exp-mde")).sendKeys("20");
        browser.screenshot("30-pricing-experiment-form");
        driver.findElement(By.xpath("//button[normalize-space()='Create experiment']")).click();
        browser.waitUntil(d -> d.getCurrentUrl().matches(".*#/shops/" + SHOP + "/experiments/exp_[0-9a-f]+"));
        String id = driver.getCurrentUrl().replaceAll(".*/experiments/", "");
        JsonObject created = api.get(path("/experiments/" + id), key).json();
        assertEquals("pricing", created.getString("kind"));
        assertEquals("product", created.getString("unit"));
        assertEquals("revenue", created.getString("primary_metric"));
        assertEquals(0.2, created.getDouble("mde"), 1e-12);
        assertEquals("list-price", created.getJsonArray("variants").getJsonObject(0).getString("strategy"));
        assertEquals("thompson-pricing", created.getJsonArray("variants").getJsonObject(1).getString("strategy"));
        browser.waitUntil(d -> d.findElement(By.cssSelector(".variants-table")).getText().contains("the product's list price"));

        driver.findElement(By.xpath("//button[normalize-space()='Start']")).click();
        browser.waitUntil(d -> browser.toastText().contains("each product is priced by its variant"));
        browser.waitUntil(d -> d.findElement(By.cssSelector(".experiment-status")).getText()
                .contains("Running: each product is priced by its variant"));
        assertTrue(driver.findElements(By.cssSelector(".experiment-training")).isEmpty(), "pricing variants train nothing");

        // The shop's integration asks for every product's price, as it would at page-render time.
        Map<String, String> variantOf = new HashMap<>();
        Map<String, Double> priceOf = new HashMap<>();
        for (int i = 0; i < PRODUCTS; i++) {
            ApiClient.Response d = api.post(path("/pricing/" + product(i) + "/decide"), key, null);
            assertEquals(200, d.status(), d.body());
            assertEquals(id, d.json().getString("experiment_id"), d.body());
            variantOf.put(product(i), d.json().getString("variant_id"));
            priceOf.put(product(i), d.json().getDouble("price"));
        }
        assertTrue(variantOf.containsValue("list") && variantOf.containsValue("agent"), variantOf.toString());

        // Three days pass; their orders arrive: 4–5 units a day at list price, 1–2 under the agent.
        CLOCK.set(T0.plus(Duration.ofDays(DAYS)));
        Random random = new Random(29);
        Map<String, double[]> byVariant = new HashMap<>(); // products, sum of revenue per day, product-days
        JsonArray orders = new JsonArray();
        for (int i = 0; i < PRODUCTS; i++) {
            String p = product(i);
            double revenue = 0;
            for (int day = 0; day < DAYS; day++) {
                int units = (variantOf.get(p).equals("list") ? 4 : 1) + random.nextInt(2);
                revenue += units * priceOf.get(p);
                String order = "o-" + day + "-" + p;
                orders.add(new JsonObject().put("event_id", order).put("type", "Order Completed")
                        .put("timestamp", T0.plus(Duration.ofDays(day)).plus(Duration.ofHours(1)).toString())
                        .put("customer_id", "c" + random.nextInt(500))
                        .put("properties", new JsonObject().put("order_id", order).put("currency", "EUR")
                                .put("products", new JsonArray().add(new JsonObject().put("product_id", p)
                                        .put("price", priceOf.get(p)).put("quantity", units)))));
            }
            double[] v = byVariant.computeIfAbsent(variantOf.get(p), k -> new double[3]);
            v[0]++;
            v[1] += revenue / DAYS;
            v[2] += DAYS;
        }
        ApiClient.Response ingested = api.post(path("/events"), key, orders.encode());
        assertEquals(200, ingested.status(), ingested.body());

        // Three days on the node's clock ended the 12-hour console session: the console asks to log in again.
        driver.get(browser.base() + "/#/shops/" + SHOP + "/experiments/" + id);
        browser.login(EMAIL, PASSWORD);
        browser.waitUntil(d -> d.findElement(By.cssSelector(".experiment-results")).getText()
                .contains(DAYS + " of 28 planned days"));
        String header = driver.findElement(By.cssSelector(".results-table thead")).getText();
        assertTrue(header.contains("Products") && header.contains("Product-days") && header.contains("Revenue per product-day"),
                header);
        for (String variant : List.of("list", "agent")) {
            double[] hand = byVariant.get(variant);
            String row = rowOf(variant).getText();
            assertTrue(row.contains(" " + (long) hand[0] + " ") && row.contains(" " + (long) hand[2] + " "),
                    "variant " + variant + ": " + (long) hand[0] + " products, " + (long) hand[2] + " product-days: " + row);
            java.util.regex.Matcher money = java.util.regex.Pattern.compile("€([\\d,]+\\.\\d\\d)").matcher(row);
            assertTrue(money.find(), row);
            assertEquals(hand[1] / hand[0], Double.parseDouble(money.group(1).replace(",", "")), CENT,
                    "variant " + variant + "'s revenue per product-day: " + row);
        }
        // every list-price product takes at least 4 × 20 = 80 a day, every agent product at most 2 × 23 = 46
        assertTrue(rowOf("agent").findElement(By.cssSelector("svg.interval-bar")).getDomAttribute("aria-label")
                .matches("lift −[\\d.]+%, interval −[\\d.]+% to −[\\d.]+%"), "the agent's loss with its interval");
        assertTrue(rowOf("agent").getText().matches("(?s).*(\\d+%|< 1%|> 99%).*"), "chance to beat control");
        String verdict = driver.findElement(By.cssSelector(".experiment-results .verdict")).getText();
        assertTrue(verdict.startsWith("Control wins\n") && verdict.contains("revenue per product-day"), verdict);
        assertTrue(driver.findElement(By.cssSelector(".experiment-results")).getText()
                .contains("Split check: products follow the weights"));
        browser.dismissToasts();
        browser.screenshot("31-pricing-experiment-results");

        // Ship the list price: the confirmation says the shop's agent is switched off; then it is, in its history.
        assertEquals("list", new Select(driver.findElement(By.id("ship-variant"))).getFirstSelectedOption()
                .getDomAttribute("value"), "the winner is offered first");
        driver.findElement(By.xpath("//button[normalize-space()='Ship variant']")).click();
        browser.waitUntil(d -> {
            try {
                d.switchTo().alert();
                return true;
            } catch (org.openqa.selenium.NoAlertPresentException e) {
                return false;
            }
        });
        String question = driver.switchTo().alert().getText();
        assertTrue(question.contains("switches off the shop's pricing agent thompson-pricing")
                && question.contains("products still at an agent's price go back to their list price"), question);
        driver.switchTo().alert().accept();
        browser.waitUntil(d -> browser.toastText().contains("Shipped variant list"));
        browser.waitUntil(d -> d.findElement(By.cssSelector(".experiment-status")).getText().contains("The list price won"));
        JsonObject binding = api.get(path("/strategies/pricing"), key).json();
        assertEquals("thompson-pricing", binding.getString("strategy"), binding.encode());
        assertFalse(binding.getBoolean("enabled"), "shipping the list price switched the agent off: " + binding.encode());
        browser.dismissToasts();
        browser.screenshot("32-pricing-experiment-shipped");
        browser.open("#/shops/" + SHOP + "/strategies");
        browser.waitUntil(d -> d.findElement(By.cssSelector("#card-pricing .history-list li")).getText()
                .contains("shipped variant list of experiment " + id));
        browser.noConsoleErrors();
    }

    /** The results table's row of an experiment variant. */
    private static WebElement rowOf(String variant) {
        return driver.findElement(By.cssSelector(".results-table tr[data-variant='" + variant + "']"));
    }
}
