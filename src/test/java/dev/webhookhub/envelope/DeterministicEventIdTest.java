package dev.webhookhub.envelope;

import static dev.webhookhub.envelope.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class DeterministicEventIdTest {

  private static final String BODY = "{'b': 1, 'a': {'d': [1, 'x'], 'c': null}, 'name': 'Zoë'}";

  @Test
  void canonicalJsonSortsKeysAtEveryLevelWithoutWhitespace() {
    assertThat(DeterministicEventId.canonicalJson(json(BODY)))
        .isEqualTo("{\"a\":{\"c\":null,\"d\":[1,\"x\"]},\"b\":1,\"name\":\"Zoë\"}");
  }

  /** Pinned against Python's uuid.uuid5 over the same namespace and name: ids must never drift. */
  @Test
  void isTheRfc4122NameBasedUuidOfSourceAndCanonicalJson() {
    ObjectNode body =
        Fixtures.parse("{\"b\":1,\"a\":{\"d\":[1,\"x\"],\"c\":null},\"name\":\"Zoë \\\"Z\\\"\"}");

    assertThat(DeterministicEventId.of("ufp", body))
        .isEqualTo("9120fd36-99c7-5093-8201-8c3491e4b009");
    assertThat(DeterministicEventId.of("fineguide", body))
        .isEqualTo("39dcb2dc-8ce5-5563-954e-63bae56b02b2");
  }

  @Test
  void keyOrderAndWhitespaceDoNotMatter() {
    String reordered = "{'name':'Zoë','a':{'c':null,'d':[1,'x']},'b':1}";

    assertThat(DeterministicEventId.of("ufp", json(reordered)))
        .isEqualTo(DeterministicEventId.of("ufp", json(BODY)));
  }

  @Test
  void isAVersion5Uuid() {
    Fixtures.assertNameBasedUuid(DeterministicEventId.of("ufp", json(BODY)));
  }

  @Test
  void differsPerSource() {
    assertThat(DeterministicEventId.of("ufp", json(BODY)))
        .isNotEqualTo(DeterministicEventId.of("ufp-eu", json(BODY)));
  }

  @Test
  void differsForAnyDifferentValue() {
    String id = DeterministicEventId.of("ufp", json(BODY));

    assertThat(DeterministicEventId.of("ufp", json(BODY.replace("'x'", "'y'")))).isNotEqualTo(id);
    assertThat(DeterministicEventId.of("ufp", json(BODY.replace("'b': 1", "'b': '1'"))))
        .isNotEqualTo(id);
    assertThat(DeterministicEventId.of("ufp", json(BODY.replace("[1, 'x']", "['x', 1]"))))
        .as("array order is meaningful")
        .isNotEqualTo(id);
  }
}
