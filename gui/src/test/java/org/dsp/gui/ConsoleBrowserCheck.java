package org.dsp.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's chromium, headless, through chromedriver) against a
 * running node with the demo's tenants - run by {@code testbed/demo.sh --check}, which passes the
 * node and the users: the topology shows every switch and link the node knows; the tenant view
 * shows live INSTALLED states and rule hits; a document with an error is refused at the error's
 * JSON path, a good one validates (the flow delta), applies and goes to INSTALLED live; a trace is
 * drawn over the topology; a tenant viewer sees only its tenant; the console as ONOS would serve it (behind the
 * web container's Basic login, Basic on every call, polling instead of the event stream) works. With {@code dsp.gui.screenshots}
 * it saves a screenshot of each view there.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserCheck {
    static final ObjectMapper M = new ObjectMapper();
    static final String URL = System.getProperty("dsp.gui.url", "http://127.0.0.1:8181/gui/");
    static final String NODE = URI.create(URL).resolve("/").toString();
    static final Duration WAIT = Duration.ofSeconds(20);
    static WebDriver browser;
    static String adminPassword;

    @BeforeAll
    static void start() throws Exception {
        adminPassword = Files.readString(Path.of(System.getProperty("dsp.gui.admin-password-file"))).strip();
        ChromeOptions o = new ChromeOptions();
        o.setBinary(System.getProperty("dsp.gui.chromium", "/usr/bin/chromium"));
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1100");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File(System.getProperty("dsp.gui.chromedriver", "/usr/bin/chromedriver"))).build();
        browser = new ChromeDriver(service, o);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    static WebDriverWait waiting() {
        return new WebDriverWait(browser, WAIT);
    }

    static void shot(String name) throws Exception {
        String dir = System.getProperty("dsp.gui.screenshots");
        if (dir != null && !dir.isEmpty()) {
            Files.createDirectories(Path.of(dir));
            Files.write(Path.of(dir, name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        }
    }

    static void login(String user, String password) {
        browser.get(URL);
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.get(URL);
        waiting().until(d -> d.findElement(By.id("user")).isDisplayed());
        browser.findElement(By.id("user")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-button")).click();
        waiting().until(d -> d.findElement(By.id("main")).isDisplayed());
    }

    static void tab(String name) {
        browser.findElement(By.cssSelector("nav button[data-tab='" + name + "']")).click();
    }

    /** GETs a REST path of the node as the admin (Basic). */
    static JsonNode rest(String path) throws Exception {
        String basic = Base64.getEncoder().encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(NODE).resolve(path))
                .header("Authorization", "Basic " + basic).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return M.readTree(r.body());
    }

    @Test
    @Order(1)
    void theTopologyShowsTheSwitchesAndLinksTheNodeKnows() throws Exception {
        login("admin", adminPassword);
        Set<String> devices = new TreeSet<>();
        rest("/onos/v1/devices").path("devices").forEach(d -> devices.add(d.path("id").asText()));
        Set<String> links = new TreeSet<>();
        rest("/onos/v1/links").path("links").forEach(l -> {
            List<String> ends = new java.util.ArrayList<>(List.of(l.path("src").path("device").asText(), l.path("dst").path("device").asText()));
            ends.sort(null);
            links.add(String.join("|", ends));
        });
        assertTrue(devices.size() >= 3 && !links.isEmpty(), "the demo's switches and links: " + devices + " " + links);
        waiting().until(d -> d.findElements(By.cssSelector("#topology-svg g.switch")).size() == devices.size());
        Set<String> shown = browser.findElements(By.cssSelector("#topology-svg g.switch")).stream()
                .map(e -> e.getAttribute("data-id")).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(devices, shown, "every switch the node knows");
        Set<String> drawn = browser.findElements(By.cssSelector("#topology-svg line.link")).stream()
                .map(e -> new TreeSet<>(List.of(e.getAttribute("data-src"), e.getAttribute("data-dst"))))
                .map(s -> String.join("|", s)).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(links, drawn, "every link the node discovered");
        assertTrue(browser.findElements(By.cssSelector("#topology-svg g.workload[data-tenant='acme']")).size() >= 4,
                "acme's workloads under their DSNs");
        shot("topology");
    }

    @Test
    @Order(2)
    void theTenantViewShowsLiveStatesRuleHitsAndServiceFunctions() throws Exception {
        // red's chain: its service functions with their health and load level, as GET .../services has them
        new Select(browser.findElement(By.id("tenant"))).selectByValue("red");
        tab("tenant");
        waiting().until(d -> d.findElements(By.cssSelector("#functions td.load")).size() >= 2);
        JsonNode instances = rest("/onos/dsp/v1/tenants/red/services").path("services").path("chain").path("instances");
        for (JsonNode i : instances) {
            String name = i.path("instance").asText();
            waiting().until(d -> d.findElements(By.cssSelector("#functions td.load[data-instance='" + name + "']")).size() == 1);
            String shown = browser.findElement(By.cssSelector("#functions td.load[data-instance='" + name + "']")).getText();
            assertTrue(shown.matches("\\d+"), name + "'s load level shown: '" + shown + "'");
        }
        assertEquals(instances.size(), browser.findElements(By.cssSelector("#functions tbody tr")).size(), "a row per instance");
        new Select(browser.findElement(By.id("tenant"))).selectByValue("acme");
        tab("tenant");
        waiting().until(d -> d.findElements(By.cssSelector("#status-table td.state.INSTALLED")).size() >= 2);
        waiting().until(d -> d.findElements(By.cssSelector("#rules td.hits")).size() >= 4);
        waiting().until(d -> d.findElements(By.cssSelector("#rules td.hits[data-rule='db-in']")).size() == 1); // acme's, not red's
        assertTrue(browser.findElement(By.id("live")).getText().equals("live"), "the status stream is connected");
        WebElement dbIn = browser.findElement(By.cssSelector("#rules td.hits[data-rule='db-in']"));
        assertTrue(Long.parseLong(dbIn.getText()) > 0, "db-in's flows counted the demo's connections: " + dbIn.getText());
        assertTrue(browser.findElements(By.cssSelector("#endpoints tbody tr")).size() >= 4);
        shot("tenant");
    }

    @Test
    @Order(3)
    void aDocumentWithAnErrorIsRefusedAtItsPathAndAGoodOneIsInstalled() throws Exception {
        tab("editor");
        browser.findElement(By.id("load-doc")).click();
        waiting().until(d -> d.findElement(By.id("doc")).getAttribute("value").contains("\"acme\""));
        ObjectNode doc = (ObjectNode) M.readTree(browser.findElement(By.id("doc")).getAttribute("value"));
        ObjectNode bad = doc.deepCopy();
        ((ObjectNode) bad.get("endpoints").get(1)).put("mac", "not-a-mac");
        setDocument(bad.toPrettyString());
        browser.findElement(By.id("validate")).click();
        WebElement problem = waiting().until(d -> d.findElement(By.cssSelector("#problems li[data-path='$.endpoints[1].mac']")));
        assertTrue(problem.getText().contains("$.endpoints[1].mac"), problem.getText());
        shot("editor-error");
        browser.findElement(By.id("apply")).click();
        waiting().until(d -> "REFUSED".equals(d.findElement(By.id("apply-state")).getAttribute("data-state")));
        ObjectNode good = doc.deepCopy();
        ((ObjectNode) good.get("tenant")).put("displayName", "Acme three-tier shop (edited in the console)");
        setDocument(good.toPrettyString());
        browser.findElement(By.id("validate")).click();
        waiting().until(d -> !d.findElements(By.id("delta-table")).isEmpty());
        assertTrue(browser.findElements(By.cssSelector("#problems li")).isEmpty());
        browser.findElement(By.id("apply")).click();
        waiting().until(d -> "INSTALLED".equals(d.findElement(By.id("apply-state")).getAttribute("data-state")));
        long version = rest("/onos/dsp/v1/tenants/acme").path("version").asLong();
        assertEquals("version " + version + ": INSTALLED", browser.findElement(By.id("apply-state")).getText());
        assertEquals("Acme three-tier shop (edited in the console)",
                rest("/onos/dsp/v1/tenants/acme").path("tenant").path("displayName").asText());
        shot("editor-installed");
        // edited again in place: the editor holds the version it applied, so the next apply is not stale (409)
        ObjectNode again = (ObjectNode) M.readTree(browser.findElement(By.id("doc")).getAttribute("value"));
        assertEquals(version, again.path("version").asLong(), "the applied version written back");
        ((ObjectNode) again.get("tenant")).put("displayName", "Acme three-tier shop");
        setDocument(again.toPrettyString());
        browser.findElement(By.id("apply")).click();
        waiting().until(d -> ("version " + (version + 1) + ": INSTALLED").equals(d.findElement(By.id("apply-state")).getText()));
    }

    static void setDocument(String text) {
        ((JavascriptExecutor) browser).executeScript("document.getElementById('doc').value = arguments[0]", text);
    }

    @Test
    @Order(4)
    void aTraceIsDrawnOverTheTopology() throws Exception {
        tab("trace");
        waiting().until(d -> d.findElements(By.cssSelector("#trace-from option")).size() >= 4);
        trace("app-1", "db-1", "tcp/5432");
        waiting().until(d -> "delivered".equals(d.findElement(By.id("trace-result")).getAttribute("data-result")));
        assertTrue(browser.findElement(By.id("trace-result")).getText().contains("acme/rule/db-in"),
                browser.findElement(By.id("trace-result")).getText());
        waiting().until(d -> !d.findElements(By.cssSelector("#trace-svg polyline.path")).isEmpty());
        assertTrue(!browser.findElements(By.cssSelector("#trace-svg g.switch.on-path")).isEmpty(), "the DSNs on the path are marked");
        shot("trace");
        trace("client-1", "db-1", "tcp/5432");
        waiting().until(d -> "dropped".equals(d.findElement(By.id("trace-result")).getAttribute("data-result")));
        // what drops it: the demo's logged baseline deny by then (denied-out), else client-1's isolation default
        assertTrue(browser.findElement(By.id("trace-result")).getText().matches("dropped at of:\\w+ - decided by: acme/(rule|isolation)/.*"),
                browser.findElement(By.id("trace-result")).getText());
    }

    static void trace(String from, String to, String service) {
        new Select(browser.findElement(By.id("trace-from"))).selectByValue(from);
        WebElement t = browser.findElement(By.id("trace-to"));
        t.clear();
        t.sendKeys(to);
        WebElement s = browser.findElement(By.id("trace-service"));
        s.clear();
        s.sendKeys(service);
        ((JavascriptExecutor) browser).executeScript("document.getElementById('trace-result').removeAttribute('data-result')");
        browser.findElement(By.id("trace-run")).click();
    }

    @Test
    @Order(5)
    void theTopDeniedReportNamesTheScanner() throws Exception {
        tab("offenders");
        waiting().until(d -> !d.findElements(By.cssSelector("#denied-sources tbody tr")).isEmpty());
        String top = browser.findElement(By.cssSelector("#denied-sources tbody tr td")).getText();
        assertEquals(System.getProperty("dsp.gui.scanner", "10.0.0.11"), top, "the demo's scanner, client-1");
        shot("offenders");
    }

    @Test
    @Order(7)
    void asOnOnosBehindTheWebContainersBasicLoginWithPolling() throws Exception {
        // ONOS serves the console from DSP's web app behind its container's Basic login, has no token endpoint and no
        // event stream: the node serves the same at /onos/dsp/v1/gui/ behind its gate, and the console is told to act so
        String pw = java.net.URLEncoder.encode(adminPassword, StandardCharsets.UTF_8).replace("+", "%20");
        URI base = URI.create(NODE);
        // the browser's Basic login (given in the URL once, as a user would type it at the prompt), then the page's own
        // address: the browser answers the container's challenges itself (a page whose address holds credentials
        // may not fetch)
        browser.get(base.getScheme() + "://admin:" + pw + "@" + base.getAuthority() + "/onos/dsp/v1/gui/");
        browser.get(NODE + "onos/dsp/v1/gui/?auth=basic&live=poll");
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        waiting().until(d -> d.findElement(By.id("user")).isDisplayed());
        browser.findElement(By.id("user")).sendKeys("admin");
        browser.findElement(By.id("password")).sendKeys(adminPassword);
        browser.findElement(By.id("login-button")).click();
        waiting().until(d -> d.findElement(By.id("main")).isDisplayed());
        assertTrue(String.valueOf(((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('dsp-token')"))
                .startsWith("Basic "), "Basic on every call, as ONOS takes it");
        waiting().until(d -> "polling".equals(d.findElement(By.id("live")).getText()));
        new Select(browser.findElement(By.id("tenant"))).selectByValue("acme");
        tab("tenant");
        waiting().until(d -> d.findElements(By.cssSelector("#status-table td.state.INSTALLED")).size() >= 2);
        shot("onos-mode");
    }

    @Test
    @Order(6)
    void aTenantViewerSeesOnlyItsTenant() throws Exception {
        String pwFile = System.getProperty("dsp.gui.viewer-password-file");
        login(System.getProperty("dsp.gui.viewer", "viewer"), Files.readString(Path.of(pwFile)).strip());
        waiting().until(d -> !d.findElements(By.cssSelector("#tenant option")).isEmpty());
        List<String> tenants = browser.findElements(By.cssSelector("#tenant option")).stream().map(e -> e.getAttribute("value"))
                .collect(Collectors.toList());
        assertEquals(List.of(System.getProperty("dsp.gui.viewer-tenant", "globex")), tenants);
        waiting().until(d -> !d.findElements(By.cssSelector("#topology-svg g.workload")).isEmpty());
        assertTrue(browser.findElements(By.cssSelector("#topology-svg g.workload")).stream()
                .allMatch(e -> e.getAttribute("data-tenant").equals(tenants.get(0))), "no other tenant's workloads");
        assertTrue(browser.findElements(By.cssSelector("#topology-svg g.switch.fabric")).isEmpty(), "no fabric: platform readers only");
        shot("viewer");
    }
}
