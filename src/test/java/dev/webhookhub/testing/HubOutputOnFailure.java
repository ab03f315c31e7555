package dev.webhookhub.testing;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Prints what the hub process(es) wrote when a test fails: the first thing to read, and gone with
 * the test's temporary directory otherwise. Register it as a field and {@link #watch} each {@link
 * HubProcess} the test starts.
 */
public final class HubOutputOnFailure implements AfterTestExecutionCallback {

  private HubProcess watched;

  /** Returns {@code hubs}, so that it can wrap the try-with-resources declaration. */
  public HubProcess watch(HubProcess hubs) {
    watched = hubs;
    return hubs;
  }

  @Override
  public void afterTestExecution(ExtensionContext context) throws Exception {
    if (context.getExecutionException().isPresent() && watched != null) {
      System.err.println("==== output of the hub process(es) ====\n" + watched.output());
    }
  }
}
