package dev.webhookhub.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookhub.queue.DeliveryMessages.DeliveryHeaders;
import java.time.Instant;
import java.util.Map;
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
  void aRetryIsNamedByTheMessageItFollowsNotByItsAttemptNumber() {
    Map<String, Object> headers =
        Map.of(HubHeaders.DELIVERY_ID, "dlv_1", HubHeaders.GROUP, "sub_1");
    Instant at = Instant.parse("2026-12-02T04:00:00Z");
    Message firstRound = message();
    DeliveryMessages.schedule(firstRound, headers, "{}", 2, at, "ID:aaa");
    Message redelivered = message();
    DeliveryMessages.schedule(redelivered, headers, "{}", 2, at, "ID:aaa");
    Message afterRedrive = message();
    DeliveryMessages.schedule(afterRedrive, headers, "{}", 2, at, "ID:bbb");

    assertThat(redelivered.getHeader(HubHeaders.DUPLICATE_ID))
        .as("the same consumed message, redelivered")
        .isEqualTo(firstRound.getHeader(HubHeaders.DUPLICATE_ID));
    assertThat(afterRedrive.getHeader(HubHeaders.DUPLICATE_ID))
        .as("attempt 2 again, after a redrive")
        .isNotEqualTo(firstRound.getHeader(HubHeaders.DUPLICATE_ID));
    assertThat(firstRound.getHeader(HubHeaders.SCHEDULED_DELIVERY)).isEqualTo(at.toEpochMilli());
    assertThat(firstRound.getHeader(HubHeaders.ATTEMPT)).isEqualTo(2);
    assertThat(firstRound.getHeader(HubHeaders.GROUP)).isEqualTo("sub_1");
  }

  private Message message() {
    return new DefaultMessage(context);
  }
}
