package io.previewbridge.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium for browser tests: Debian's {@code chromium} driven by its {@code
 * chromedriver} (installed by {@code scripts/install-chromium.sh}, which {@code mvn verify} runs
 * before the in-container tests). Both paths are given to Selenium, so Selenium Manager never tries
 * to download a browser (this machine, like CI, reaches no browser download site).
 *
 * <p>Screenshots land in {@code target/screenshots/}, kept as test artifacts.
 */
public final class Browser implements AutoCloseable {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  /** How long an action's API call and the page's reload may take on a loaded CI machine. */
  private static final Duration RELOAD = Duration.ofSeconds(45);

  /**
   * Selenium warns at every start that it has no DevTools bindings for this Chromium's version; the
   * tests use WebDriver only, so the warning is noise. Held here so the level sticks.
   */
  private static final Logger DEVTOOLS_LOG = Logger.getLogger("org.openqa.selenium.devtools");

  static {
    DEVTOOLS_LOG.setLevel(Level.SEVERE);
  }

  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Starts a headless Chromium with a fresh, empty profile (no cookies, no cache). */
  public static Browser start() {
    File chromium = executable("PREVIEWBRIDGE_CHROMIUM", "/usr/bin/chromium");
    File chromedriver = executable("PREVIEWBRIDGE_CHROMEDRIVER", "/usr/bin/chromedriver");
    Path profile;
    try {
      profile = Files.createTempDirectory("previewbridge-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments(
        "--headless=new",
        // tests run as root in CI containers, where Chromium's sandbox cannot start
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        // the machine's network is closed: without these Chromium keeps trying Google's hosts
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(chromedriver).build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    return new Browser(driver, profile);
  }

  public WebDriver driver() {
    return driver;
  }

  /** Opens {@code url} in the current tab. */
  public Browser open(String url) {
    driver.get(url);
    return this;
  }

  /** A wait for conditions on the page; generous, since CI machines are shared. */
  public WebDriverWait waitUpTo(Duration timeout) {
    return new WebDriverWait(driver, timeout);
  }

  /**
   * Runs {@code action}, which makes the page reload itself, and returns once the new document has
   * loaded. The console's action buttons call the API and then reload, so that the page shows what
   * the server has; a look-up made between the click and the reload would find the outgoing
   * document's nodes, which go stale under it (the StaleElementReference CI saw). Waiting for the
   * outgoing root element to go stale, then for the new document to be complete (its scripts have
   * wired their buttons by then), leaves later look-ups only the new document to meet.
   */
  public void reloadedBy(Runnable action) {
    WebElement outgoing = driver.findElement(By.tagName("html"));
    action.run();
    waitUpTo(RELOAD)
        .withMessage(
            () -> "the page did not reload after the action; its status line says: " + statusLine())
        .until(ExpectedConditions.stalenessOf(outgoing));
    waitUpTo(RELOAD)
        .until(
            d ->
                "complete"
                    .equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
  }

  /** Clicks {@code selector} inside {@code within} and accepts the confirmation it asks for. */
  public void clickAndConfirm(By within, String selector) {
    driver.findElement(within).findElement(By.cssSelector(selector)).click();
    waitUpTo(RELOAD).until(ExpectedConditions.alertIsPresent()).accept();
  }

  private String statusLine() {
    try {
      return driver.findElements(By.id("flash")).stream()
          .map(WebElement::getText)
          .findFirst()
          .orElse("(no status line)");
    } catch (WebDriverException e) {
      return "(unreadable: " + e.getClass().getSimpleName() + ")";
    }
  }

  /** Saves the whole viewport as {@code target/screenshots/<name>.png} and returns the path. */
  public Path screenshot(String name) {
    return save(name, driver.getScreenshotAs(OutputType.BYTES));
  }

  /** Saves one element (a rendered card, say) as {@code target/screenshots/<name>.png}. */
  public Path screenshot(String name, WebElement element) {
    return save(name, ((TakesScreenshot) element).getScreenshotAs(OutputType.BYTES));
  }

  private static Path save(String name, byte[] png) {
    try {
      Files.createDirectories(SCREENSHOTS);
      return Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteQuietly(profile);
    }
  }

  private static File executable(String variable, String fallback) {
    String configured = System.getenv(variable);
    File file = new File(configured == null || configured.isBlank() ? fallback : configured);
    if (!file.canExecute()) {
      throw new IllegalStateException(
          file
              + " is missing: the browser tests need Debian's chromium and chromium-driver."
              + " Run scripts/install-chromium.sh (as root or with sudo), or set "
              + variable);
    }
    return file;
  }

  private static void deleteQuietly(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary profile is harmless
    }
  }
}
