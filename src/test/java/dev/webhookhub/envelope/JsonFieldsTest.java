package dev.webhookhub.envelope;

import static dev.webhookhub.envelope.Fixtures.RECEIVED;
import static dev.webhookhub.envelope.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonFieldsTest {

  @Test
  void requiredTextReadsStrings() {
    assertThat(JsonFields.requiredText(json("{'type': 'TICKET'}"), "type")).isEqualTo("TICKET");
  }

  @Test
  void requiredTextAcceptsNumbersAsText() {
    assertThat(JsonFields.requiredText(json("{'company_id': 1}"), "company_id")).isEqualTo("1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "{'webhook_event_type': null}", "{'webhook_event_type': '  '}"})
  void absentNullAndBlankAreMissing(String body) {
    assertThatThrownBy(() -> JsonFields.requiredText(json(body), "webhook_event_type"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("webhook_event_type is missing");
  }

  @Test
  void requiredTextRejectsObjects() {
    assertThatThrownBy(() -> JsonFields.requiredText(json("{'type': {'x': 1}}"), "type"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("type must be a string or a number");
  }

  @Test
  void nestedFieldsAreNamedByTheirPath() {
    assertThatThrownBy(() -> JsonFields.requiredText(json("{'message': {}}"), "message", "id"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("message.id is missing");
    assertThat(JsonFields.requiredText(json("{'message': {'id': 'm1'}}"), "message", "id"))
        .isEqualTo("m1");
  }

  @Test
  void nestedFieldUnderANonObjectNamesTheParent() {
    assertThatThrownBy(() -> JsonFields.requiredText(json("{'message': 'hi'}"), "message", "id"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("message must be a JSON object");
  }

  @Test
  void optionalTextIsEmptyWhenAbsentNullOrBlank() {
    assertThat(JsonFields.optionalText(json("{}"), "tenant_id")).isEmpty();
    assertThat(JsonFields.optionalText(json("{'tenant_id': null}"), "tenant_id")).isEmpty();
    assertThat(JsonFields.optionalText(json("{'tenant_id': ''}"), "tenant_id")).isEmpty();
    assertThat(JsonFields.optionalText(json("{'tenant_id': 2}"), "tenant_id")).contains("2");
  }

  @Test
  void requiredObject() {
    assertThat(JsonFields.requiredObject(json("{'payload': {'a': 1}}"), "payload"))
        .isEqualTo(json("{'a': 1}"));
    assertThatThrownBy(() -> JsonFields.requiredObject(json("{'payload': 'x'}"), "payload"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("payload must be a JSON object");
    assertThatThrownBy(() -> JsonFields.requiredObject(json("{'payload': [1]}"), "payload"))
        .hasMessage("payload must be a JSON object");
    assertThatThrownBy(() -> JsonFields.requiredObject(json("{}"), "payload"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("payload is missing");
  }

  @Test
  void bodyMustBeAnObject() {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    SourceMessage array = SourceMessage.of(nodes.arrayNode().add(1), RECEIVED);
    SourceMessage text = SourceMessage.of(nodes.textNode("hello"), RECEIVED);

    assertThatThrownBy(() -> JsonFields.body(array))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("the message must be a JSON object");
    assertThatThrownBy(() -> JsonFields.body(text)).hasMessage("the message must be a JSON object");
  }
}
