package dev.webhookhub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperationalEventsTest {

  @Test
  void failuresToDeliverHubEventsAreNotReportedAgain() {
    assertThat(OperationalEvents.reportable("lead.created")).isTrue();
    assertThat(OperationalEvents.reportable("hubspot.contact.created")).isTrue();
    assertThat(OperationalEvents.reportable("hub.delivery.dead")).isFalse();
    assertThat(OperationalEvents.reportable("hub.subscription.disabled")).isFalse();
  }
}
