package io.cellchat.system.browser;

import io.cellchat.testing.files.Folders;
import java.io.File;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person's browser: headless Debian Chromium driven through /usr/bin/chromedriver (Selenium Manager never
 * runs), on a fresh profile, so each Browser has its own localStorage and session. Finds things by data-testid,
 * waits for them (Preact re-renders, so stale elements are retried), and knows the app's common moves: register,
 * sign in, start a chat, send. {@link #captureAll} saves a screenshot, the page, the client state and the browser
 * console of every open browser into target/browser-failures/.
 */
final class Browser implements AutoCloseable {

    /** How long a wait for the UI lasts; generous, because CI machines are slow and share two cores. */
    static final Duration WAIT = Duration.ofSeconds(20);

    private static final Set<Browser> OPEN = ConcurrentHashMap.newKeySet();
    private static final Path FAILURES = Path.of("target", "browser-failures");

    final String name;
    private final Path profile;
    private final ChromeDriver driver;

    private Browser(String name, Path profile, ChromeDriver driver) {
        this.name = name;
        this.profile = profile;
        this.driver = driver;
    }

    /** The laptop and phone viewports every main screen must fit (CSS pixels). */
    enum Viewport {
        LAPTOP(1366, 768), PHONE(390, 844);

        final int width;
        final int height;

        Viewport(int width, int height) {
            this.width = width;
            this.height = height;
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Starts a headless Chromium for one person (the name labels failure captures). */
    static Browser launch(String name) throws IOException {
        Path profile = Files.createTempDirectory("cellchat-chromium-" + name);
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile.toAbsolutePath(),
                // wide enough for the two-pane layout (under 700 px the app shows one pane at a time)
                "--window-size=1280,900",
                // several browsers share the machine: keep timers of a page in the background running at full speed
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        Browser browser = new Browser(name, profile, driver);
        OPEN.add(browser);
        return browser;
    }

    /** Sets the page's viewport exactly (the window's outer size differs from it), as DevTools' device mode does. */
    void viewport(Viewport viewport) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", viewport.width,
                "height", viewport.height, "deviceScaleFactor", 1, "mobile", false));
        await("viewport " + viewport, d -> ((Number) js("return window.innerWidth")).intValue() == viewport.width);
    }

    /**
     * What is wrong with the layout now: the page or any element scrolling horizontally, or a visible control
     * (button, link, field, menu item) reaching outside the viewport. A control inside a vertically scrolling list
     * may be below the fold; anything else must be inside the window.
     */
    @SuppressWarnings("unchecked")
    List<String> layoutProblems() {
        return (List<String>) js(LAYOUT_CHECK);
    }

    private static final String LAYOUT_CHECK = """
            const vw = document.documentElement.clientWidth, vh = window.innerHeight, problems = [];
            const describe = (el) => el.tagName.toLowerCase() + (el.dataset.testid ? `[${el.dataset.testid}]` : '')
                + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
                + ` "${(el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 30)}"`;
            const root = document.scrollingElement || document.documentElement;
            if (root.scrollWidth > vw + 1) problems.push(`the page scrolls horizontally: ${root.scrollWidth} > ${vw}`);
            for (const el of document.querySelectorAll('body *')) {
              const cs = getComputedStyle(el);
              if ((cs.overflowX === 'auto' || cs.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
                problems.push(`${describe(el)} scrolls horizontally: ${el.scrollWidth} > ${el.clientWidth}`);
              }
            }
            const inScroller = (el) => {
              for (let p = el.parentElement; p; p = p.parentElement) {
                const cs = getComputedStyle(p);
                if ((cs.overflowY === 'auto' || cs.overflowY === 'scroll') && p.scrollHeight > p.clientHeight) return true;
              }
              return false;
            };
            const controls = document.querySelectorAll('button, a[href], input, textarea, select, [role=menuitem], [tabindex]');
            for (const el of controls) {
              const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
              if (r.width === 0 || r.height === 0 || cs.visibility === 'hidden' || el.closest('[hidden]')) continue;
              if (r.left < -1 || r.right > vw + 1) {
                problems.push(`${describe(el)} is outside the window horizontally: ${Math.round(r.left)}..${Math.round(r.right)} of ${vw}`);
              }
              if ((r.top < -1 || r.bottom > vh + 1) && !inScroller(el)) {
                problems.push(`${describe(el)} is outside the window vertically: ${Math.round(r.top)}..${Math.round(r.bottom)} of ${vh}`);
              }
            }
            return problems;
            """;

    private static final Path AXE = Path.of("..", "..", "clients", "web", "node_modules", "axe-core", "axe.min.js");

    /**
     * Runs axe-core (the npm package the web client's build installs, injected here so it never ships) over the
     * page and returns its serious and critical violations, one line each with the elements concerned.
     */
    @SuppressWarnings("unchecked")
    List<String> accessibilityProblems() {
        if (!Boolean.TRUE.equals(js("return typeof window.axe === 'object'"))) {
            try {
                js(Files.readString(AXE));
            } catch (IOException e) {
                throw new IllegalStateException("axe-core is missing at " + AXE.toAbsolutePath()
                        + "; build clients/web (npm ci) first", e);
            }
        }
        Object result = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] }).then((r) => done(r.violations
                    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(', ')}`)),
                  (e) => done(['axe failed: ' + e]));
                """);
        return (List<String>) result;
    }

    /** Saves a screenshot of the viewport, once what changed last has been painted. */
    void screenshot(Path file) {
        ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 150)));");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Keys sent to whatever has focus (keyboard-only use). */
    void keys(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    /** The element that has focus. */
    WebElement focused() {
        return driver.switchTo().activeElement();
    }

    /** Presses Tab until the focused element matches the locator (at most {@code limit} times). */
    WebElement tabTo(By locator, int limit) {
        return tabTo(locator, limit, false);
    }

    /** Presses Tab (or Shift+Tab, backwards) until the focused element matches the locator. */
    WebElement tabTo(By locator, int limit, boolean backwards) {
        List<String> path = new ArrayList<>();
        for (int i = 0; i < limit; i++) {
            WebElement focused = focused();
            if (driver.findElements(locator).contains(focused)) {
                return focused;
            }
            try {
                path.add(focused.getTagName() + "[" + focused.getDomAttribute("data-testid") + "]");
            } catch (StaleElementReferenceException e) {
                path.add("(re-rendered)");
            }
            if (backwards) {
                new Actions(driver).keyDown(org.openqa.selenium.Keys.SHIFT).sendKeys(org.openqa.selenium.Keys.TAB)
                        .keyUp(org.openqa.selenium.Keys.SHIFT).perform();
            } else {
                keys(org.openqa.selenium.Keys.TAB);
            }
        }
        throw new AssertionError(name + ": " + locator + " not reached with " + limit + " Tabs; focus went " + path);
    }

    WebDriver driver() {
        return driver;
    }

    static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    static By testId(String id, String attribute, String value) {
        return By.cssSelector("[data-testid='" + id + "'][" + attribute + "='" + value + "']");
    }

    // ---- waiting -----------------------------------------------------------------------------------------------

    /** Waits until the condition gives something other than null or false; stale elements and missing ones retry. */
    <T> T await(String what, Function<WebDriver, T> condition) {
        return await(what, WAIT, condition);
    }

    <T> T await(String what, Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class)
                .ignoring(NoSuchElementException.class)
                .withMessage(() -> name + ": " + what)
                .until(condition);
    }

    /** The first visible element the locator finds, once there is one. */
    WebElement visible(By locator) {
        return await(locator + " visible", ExpectedConditions.visibilityOfElementLocated(locator));
    }

    /** Waits until no element matches the locator. */
    void gone(By locator) {
        await(locator + " gone", d -> d.findElements(locator).isEmpty());
    }

    List<WebElement> all(By locator) {
        return driver.findElements(locator);
    }

    void click(By locator) {
        await("click " + locator, d -> {
            WebElement element = d.findElement(locator);
            if (!element.isDisplayed() || !element.isEnabled()) {
                return false;
            }
            element.click();
            return true;
        });
    }

    /** Types into a field (appending to what is there). */
    void type(By locator, CharSequence... keys) {
        await("type into " + locator, d -> {
            WebElement element = d.findElement(locator);
            if (!element.isDisplayed()) {
                return false;
            }
            element.sendKeys(keys);
            return true;
        });
    }

    // ---- the app's moves --------------------------------------------------------------------------------------

    void open(String uri) {
        driver.get(uri);
        visible(By.cssSelector("[data-testid='login-username'], [data-testid='connection-status']"));
    }

    /** Creates an account in the login screen's register form; ends signed in and connected. */
    void register(String username, String password, String displayName) {
        click(testId("register-toggle"));
        type(testId("login-username"), username);
        type(testId("login-display-name"), displayName);
        type(testId("login-password"), password);
        click(testId("login-submit"));
        awaitConnected();
    }

    /** Signs in with the login form; ends connected. */
    void login(String username, String password) {
        type(testId("login-username"), username);
        type(testId("login-password"), password);
        click(testId("login-submit"));
        awaitConnected();
    }

    void awaitConnected() {
        awaitConnection("connected");
    }

    void awaitConnection(String state) {
        await("connection-status data-state=" + state, Duration.ofSeconds(30),
                d -> state.equals(d.findElement(testId("connection-status")).getDomAttribute("data-state")));
    }

    String connectionState() {
        return driver.findElement(testId("connection-status")).getDomAttribute("data-state");
    }

    /** New chat by username; returns the ID of the opened direct conversation (it exists after its first message). */
    String startChatWith(String username) {
        click(testId("new-chat-button"));
        type(testId("new-chat-username"), username);
        click(testId("new-chat-submit"));
        gone(testId("new-chat-dialog"));
        visible(testId("composer-input"));
        return openConversationId();
    }

    /** New group from a title and comma-separated usernames, picked in the dialog's people picker; returns its ID. */
    String createGroup(String title, String members) {
        click(testId("new-group-button"));
        type(testId("new-group-title"), title);
        for (String member : java.util.regex.Pattern.compile(",").split(members)) {
            String username = member.trim();
            type(testId("new-group-members-search"), username);
            click(testId("user-result", "data-username", username));
            visible(By.cssSelector("[data-testid='chosen-person']"));
        }
        click(testId("new-group-submit"));
        gone(testId("new-group-dialog"));
        visible(testId("composer-input"));
        return openConversationId();
    }

    /** The conversation in the URL hash (#/c/<id>). */
    String openConversationId() {
        String hash = await("a conversation in the URL hash", d -> {
            String h = (String) js("return location.hash");
            return h != null && h.startsWith("#/c/") ? h : null;
        });
        return URLDecoder.decode(hash.substring("#/c/".length()), StandardCharsets.UTF_8);
    }

    By conversationItem(String conversationId) {
        return testId("conversation-item", "data-conversation-id", conversationId);
    }

    By conversationRow(String conversationId) {
        return testId("conversation-row", "data-conversation-id", conversationId);
    }

    /** Opens a listed conversation's settings menu (hovering its row) and picks an item (menu-pin, ...). */
    void conversationMenu(String conversationId, String item) {
        clickWithin(conversationRow(conversationId), testId("conversation-menu-button"));
        click(testId(item));
    }

    void openConversation(String conversationId) {
        click(conversationItem(conversationId));
        await("conversation " + conversationId + " open", d -> conversationId.equals(openConversationId()));
    }

    /** Writes a message in the open conversation's composer and sends it with the send button. */
    void send(String text) {
        type(testId("composer-input"), text);
        click(testId("composer-send"));
        await("the composer emptied after sending", d ->
                d.findElement(testId("composer-input")).getDomProperty("value").isEmpty());
    }

    /** The message bubble whose text is exactly {@code text} (no quotes in test texts). */
    static By messageWithText(String text) {
        return By.xpath("//*[@data-testid='message'][.//*[@data-testid='message-text' and normalize-space(.)='"
                + text + "']]");
    }

    static By messageWithSeq(long seq) {
        return testId("message", "data-seq", Long.toString(seq));
    }

    /** Clicks the element found by {@code inner} inside the one found by {@code outer}, hovering that first. */
    void clickWithin(By outer, By inner) {
        await("click " + inner + " within " + outer, d -> {
            WebElement parent = d.findElement(outer);
            new Actions(d).moveToElement(parent).perform();
            WebElement element = parent.findElement(inner);
            if (!element.isDisplayed() || !element.isEnabled()) {
                return false;
            }
            element.click();
            return true;
        });
    }

    /** Opens a message's action menu (hovering it first) and picks an action (reply-button, edit-button, ...). */
    void messageAction(By message, String action) {
        clickWithin(message, testId("message-menu-button"));
        click(testId(action));
    }

    /** The text of {@code inner} within {@code outer}, or null when either is missing. */
    String textWithin(By outer, By inner) {
        List<WebElement> parents = driver.findElements(outer);
        if (parents.isEmpty()) {
            return null;
        }
        List<WebElement> children = parents.getFirst().findElements(inner);
        return children.isEmpty() ? null : children.getFirst().getText();
    }

    String attribute(By locator, String attribute) {
        List<WebElement> found = driver.findElements(locator);
        return found.isEmpty() ? null : found.getFirst().getDomAttribute(attribute);
    }

    /** window.cellchat.state(): {userId, connection, conversations: {id: {low, high, lastSeq, seqs, pending}}}. */
    @SuppressWarnings("unchecked")
    Map<String, Object> state() {
        return (Map<String, Object>) js("return window.cellchat.state()");
    }

    /** The held window of one conversation from {@link #state()}, or null if the client has none. */
    @SuppressWarnings("unchecked")
    Map<String, Object> window(String conversationId) {
        Map<String, Object> conversations = (Map<String, Object>) state().get("conversations");
        return conversations == null ? null : (Map<String, Object>) conversations.get(conversationId);
    }

    /** The seqs the client holds for a conversation (empty if none). */
    @SuppressWarnings("unchecked")
    List<Long> heldSeqs(String conversationId) {
        Map<String, Object> window = window(conversationId);
        if (window == null) {
            return List.of();
        }
        List<Long> seqs = new ArrayList<>();
        for (Object seq : (List<Object>) window.get("seqs")) {
            seqs.add(((Number) seq).longValue());
        }
        return seqs;
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    // ---- failure captures and teardown -------------------------------------------------------------------------

    /** Saves every open browser's screenshot, page, client state and console under target/browser-failures/. */
    static void captureAll(String label) {
        for (Browser browser : OPEN) {
            browser.capture(label);
        }
    }

    void capture(String label) {
        String base = label.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + name;
        try {
            Files.createDirectories(FAILURES);
            Files.write(FAILURES.resolve(base + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            Files.writeString(FAILURES.resolve(base + ".html"), driver.getPageSource());
            Files.writeString(FAILURES.resolve(base + ".state.txt"), String.valueOf(state()));
            StringBuilder console = new StringBuilder();
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                console.append(entry).append('\n');
            }
            Files.writeString(FAILURES.resolve(base + ".console.txt"), console);
            System.err.println("captured " + name + " into " + FAILURES.toAbsolutePath().resolve(base) + ".*");
        } catch (RuntimeException | IOException e) {
            System.err.println("could not capture " + name + ": " + e);
        }
    }

    @Override
    public void close() {
        OPEN.remove(this);
        try {
            driver.quit();
        } finally {
            Folders.delete(profile);
        }
    }

    /** Closes browsers, ignoring nulls (for @AfterAll after a failed @BeforeAll). */
    static void closeAll(Browser... browsers) {
        for (Browser browser : browsers) {
            if (browser != null) {
                browser.close();
            }
        }
    }

    @Override
    public String toString() {
        return "Browser[" + name + "]";
    }
}
