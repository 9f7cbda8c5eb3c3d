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

    /** New group from a title and comma-separated usernames; returns the ID of the opened group. */
    String createGroup(String title, String members) {
        click(testId("new-group-button"));
        type(testId("new-group-title"), title);
        type(testId("new-group-members"), members);
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
