package dev.webhookhub.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTypeTableTest {

  private static final SourceSettings ACME = SourceSettings.defaults("acme", "acme");

  @Test
  void mapsKnownTypesBothWays() {
    EventTypeTable table = EventTypeTable.of(Map.of("ORDER_PLACED", "order.placed"));

    assertThat(table.envelopeType("ORDER_PLACED", ACME)).isEqualTo("order.placed");
    assertThat(table.nativeType("order.placed")).contains("ORDER_PLACED");
    assertThat(table.nativeType("order.cancelled")).isEmpty();
  }

  @Test
  void unknownTypesPassThroughUnderTheSourceName() {
    EventTypeTable table = EventTypeTable.of(Map.of("ORDER_PLACED", "order.placed"));

    assertThat(table.envelopeType("ORDER_SHIPPED", ACME)).isEqualTo("acme.order_shipped");
  }

  @Test
  void passThroughKeepsTheTypeUsableAsARoutingKey() {
    assertThat(EventTypeTable.passThrough("acme", "Order Placed/v2"))
        .isEqualTo("acme.order_placed_v2");
    assertThat(EventTypeTable.passThrough("acme", "order.placed")).isEqualTo("acme.order.placed");
  }

  @Test
  void aTableThatIsNotReversibleIsRejected() {
    assertThatThrownBy(() -> EventTypeTable.of(Map.of("A", "x.y", "B", "x.y")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both map to x.y");
  }

  @Test
  void aliasesMapOneWay() {
    EventTypeTable table =
        EventTypeTable.withAliases(
            Map.of("newlead_created", "lead.created"),
            Map.of("new_lead_created", "newlead_created"));

    assertThat(table.envelopeType("new_lead_created", ACME)).isEqualTo("lead.created");
    assertThat(table.nativeType("lead.created")).contains("newlead_created");
  }

  @Test
  void anAliasMustNameAKnownType() {
    assertThatThrownBy(() -> EventTypeTable.withAliases(Map.of("a", "x.a"), Map.of("b_alias", "b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alias b_alias names b");
  }
}
