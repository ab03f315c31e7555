package dev.webhookhub.coalesce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoalesceRuleTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CoalesceRule DEFAULT =
      new CoalesceRule(Duration.ofSeconds(5), CoalesceRule.DEFAULT_KEY);

  private static JsonNode envelope(String type, String data) throws Exception {
    return JSON.readTree(
        "{\"eventType\": \""
            + type
            + "\", \"organizationId\": \"org-1\", \"locationId\": null, \"data\": "
            + data
            + "}");
  }

  @Test
  void theDefaultKeyIsTheFamilyAndItsIdField() throws Exception {
    assertThat(DEFAULT.entityKey(envelope("contact.updated", "{\"contactId\": \"c-1\"}"), JSON))
        .contains("[\"contact\",\"c-1\"]");
    assertThat(DEFAULT.entityKey(envelope("contact.deleted", "{\"contactId\": 7}"), JSON))
        .contains("[\"contact\",\"7\"]");
    assertThat(
            DEFAULT.entityKey(envelope("membership.created", "{\"membershipId\": \"c-1\"}"), JSON))
        .contains("[\"membership\",\"c-1\"]");
  }

  @Test
  void anEventWithoutAKeyPartIsNotCoalesced() throws Exception {
    assertThat(DEFAULT.entityKey(envelope("contact.updated", "{\"id\": \"c-1\"}"), JSON)).isEmpty();
    assertThat(DEFAULT.entityKey(envelope("contact.updated", "{\"contactId\": null}"), JSON))
        .isEmpty();
    assertThat(DEFAULT.entityKey(envelope("contact.updated", "{\"contactId\": {}}"), JSON))
        .isEmpty();
    CoalesceRule byLocation =
        new CoalesceRule(Duration.ofSeconds(5), List.of("/locationId", "/data/contactId"));
    assertThat(byLocation.entityKey(envelope("contact.updated", "{\"contactId\": \"c\"}"), JSON))
        .isEmpty();
  }

  @Test
  void aKeyNeedsPointers() {
    assertThatThrownBy(() -> new CoalesceRule(Duration.ofSeconds(5), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CoalesceRule(Duration.ofSeconds(5), List.of("data/id")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
