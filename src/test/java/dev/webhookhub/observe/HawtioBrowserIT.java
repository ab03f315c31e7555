package dev.webhookhub.observe;

import dev.webhookhub.testing.AdminClient;
import dev.webhookhub.testing.SeedSamples;
import dev.webhookhub.testing.Senders;
import dev.webhookhub.testing.TestDatabase;
import dev.webhookhub.testing.TestHub;
import dev.webhookhub.testing.TestReceiver;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser (Debian's headless Chromium, driven by Selenium) logs in to the hub's Hawtio,
 * finds the {@code normalise} route in the Camel tab and the {@code hub.deliveries} queue in the
 * JMX tree. Screenshots of each step land in {@code target/hawtio-screenshots/}.
 */
class HawtioBrowserIT {

  /** Debian's packages (.ci/run installs them); named so Selenium Manager never downloads one. */
  private static final String CHROMIUM = "/usr/bin/chromium";

  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  private static final Path SCREENSHOTS = Path.of("target", "hawtio-screenshots");

  private WebDriver browser;
  private WebDriverWait wait;

  @BeforeEach
  void openBrowser() throws IOException {
    Files.createDirectories(SCREENSHOTS);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
    ChromeDriverService driver =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(driver, options);
    // Generous: the first page loads Hawtio's whole front end, on a shared CI machine.
    wait = new WebDriverWait(browser, Duration.ofSeconds(60));
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void anOperatorFindsTheNormaliseRouteAndTheDeliveriesQueue(@TempDir Path dir) throws Exception {
    try (TestReceiver receiver = new TestReceiver();
        TestHub hub =
            new TestHub(dir, new TestDatabase.H2())
                .with("hub.hawtio.enabled", "true")
                .with("hub.hawtio.password", "browser-test-password")
                .start()) {
      // One delivery, so that the normalise route has an exchange to count.
      new AdminClient(hub)
          .create(
              "{\"organizationId\": \"1\", \"eventTypes\": [\"*\"], \"url\": \""
                  + receiver.url("/hook")
                  + "\"}");
      new Senders(hub).httpJson("ufp", SeedSamples.read("ufp/new_lead_created.json"));
      receiver.next("/hook", 30);

      browser.get(hub.hawtioUrl("/hawtio/"));
      visible(By.id("pf-login-username-id")).sendKeys("admin");
      browser.findElement(By.id("pf-login-password-id")).sendKeys("browser-test-password");
      screenshot("01-login");
      browser.findElement(By.cssSelector("button[type=submit]")).click();

      wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Camel"))).click();
      visible(treeNode("normalise"));
      visible(treeNode("routes")).click();
      // The routes table lists each route with its exchange counts.
      scrollTo(visible(By.xpath("//main//table//td[normalize-space()='normalise']")));
      screenshot("02-camel-routes");
      visible(treeNode("normalise")).click();
      visible(
          By.xpath(
              "//main//tr[td[normalize-space()='ExchangesCompleted']]/td[normalize-space()='1']"));
      screenshot("03-camel-normalise-route");

      browser.findElement(By.linkText("JMX")).click();
      visible(By.id("input-search")).sendKeys("hub.deliveries");
      // The queue, not the address of the same name: the node under the address's anycast folder.
      visible(
              By.xpath(
                  "//button[normalize-space()='anycast']/ancestor::li[1]//button[contains(@class,"
                      + " 'tree-view__node-text') and normalize-space()='hub.deliveries']"))
          .click();
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.tagName("main"), "queue=\"hub.deliveries\""));
      screenshot("04-jmx-hub-deliveries-queue");
    }
  }

  /** A node of Hawtio's Camel or JMX tree with exactly this text. */
  private static By treeNode(String text) {
    return By.xpath(
        "//button[contains(@class, 'tree-view__node-text') and normalize-space()='" + text + "']");
  }

  private WebElement visible(By locator) throws IOException {
    try {
      return wait.until(ExpectedConditions.visibilityOfElementLocated(locator));
    } catch (RuntimeException e) {
      screenshot("failed");
      throw e;
    }
  }

  private void scrollTo(WebElement element) {
    ((JavascriptExecutor) browser)
        .executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
  }

  private void screenshot(String name) throws IOException {
    Files.write(
        SCREENSHOTS.resolve(name + ".png"),
        ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }
}
