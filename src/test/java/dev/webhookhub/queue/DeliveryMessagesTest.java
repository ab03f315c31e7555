package dev.webhookhub.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookhub.queue.DeliveryMessages.DeliveryHeaders;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.Test;

/** Duplicate ids name the decision to enqueue, never the attempt number. */
class DeliveryMessagesTest {

  private static final DeliveryHeaders DELIVERY =
      new DeliveryHeaders("dlv_1", "evt_1", "lead.created", "sub_1");

  private final DefaultCamelContext context = new DefaultCamelContext();

  @Test
  void aFanOutIsOneDecisionPerEventAndSubscription() {
    Message first = message();
    DeliveryMessages.fanOut(first, DELIVERY, "{}");
    Message again = message();
    DeliveryMessages.fanOut(again, DELIVERY, "{}");
    assertThat(first.getHeader(HubHeaders.DUPLICATE_ID)).isEqualTo("evt_1:sub_1");
    assertThat(again.getHeader(HubHeaders.DUPLICATE_ID)).isEqualTo("evt_1:sub_1");
    assertThat(first.getHeader(HubHeaders.ATTEMPT)).isEqualTo(1);
    assertThat(first.getHeader(HubHeaders.GROUP)).isEqualTo("sub_1");
  }

  @Test
  void aRetryIsNamedByTheRowItWaitedInNotByItsAttemptNumber() {
    assertThat(DeliveryMessages.dueId("dlv_1", 7)).isEqualTo("dlv_1:due:7");
    assertThat(DeliveryMessages.dueId("dlv_1", 8))
        .as("attempt 2 again, after a redrive, waits in a new row")
        .isNotEqualTo(DeliveryMessages.dueId("dlv_1", 7));
  }

  private Message message() {
    return new DefaultMessage(context);
  }
}
