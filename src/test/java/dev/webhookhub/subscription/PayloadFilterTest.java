package dev.webhookhub.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayloadFilterTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EVENT =
      "{'eventType': 'payment.failed', 'locationId': null,"
          + " 'data': {'amount': 12.0, 'client': {'email': 'ana@gym.example', 'vip': false}}}";

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{'field': 'data.amount', 'equals': 12}                          | true",
        "{'field': 'data.amount', 'equals': '12'}                        | false",
        "{'field': 'data.client.vip', 'equals': false}                   | true",
        "{'field': 'eventType', 'in': ['payment.failed', 'x']}           | true",
        "{'field': 'eventType', 'prefix': 'payment.'}                    | true",
        "{'field': 'data.amount', 'prefix': '12'}                        | false",
        "{'field': 'locationId', 'exists': false}                        | true",
        "{'field': 'data.client.phone', 'exists': false}                 | true",
        "{'field': 'data.client.email', 'exists': true}                  | true",
        "{'field': 'data.client.email.domain', 'exists': true}           | false",
        "{'not': {'field': 'data.client.vip', 'equals': true}}           | true",
        "{'all': [{'field': 'data.amount', 'in': [12, 13]},"
            + " {'field': 'data.client.email', 'prefix': 'ana@'}]}       | true",
        "{'any': [{'field': 'data.x', 'exists': true},"
            + " {'field': 'eventType', 'equals': 'payment.paid'}]}       | false",
      })
  void evaluates(String filter, boolean expected) throws Exception {
    assertThat(PayloadFilter.parse(json(filter)).test(json(EVENT))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{}                                                   | filter must be a JSON object",
        "{'all': []}                                          | filter.all must be a non-empty",
        "{'any': [{'field': 'a', 'equals': 1}, 3]}            | filter.any[1] must be a JSON object",
        "{'field': 'a b', 'equals': 1}                        | filter.field must be a dot path",
        "{'field': 'a', 'equals': 1, 'in': [1]}               | filter needs exactly one",
        "{'field': 'a', 'matches': 'x.*'}                     | filter.matches is not an operator",
        "{'field': 'a', 'in': 'x'}                            | filter.in must be a non-empty array",
        "{'field': 'a', 'exists': 'yes'}                      | filter.exists must be true or false",
        "{'all': [{'field': 'a', 'exists': true}], 'x': 1}    | filter 'all' cannot be combined",
        "{'not': {'not': {'not': {'not': {'not': {'not': {'not': {'not': {'not':"
            + " {'field': 'a', 'exists': true}}}}}}}}}}       | nests deeper than 8",
      })
  void namesWhatIsWrong(String filter, String message) {
    assertThatThrownBy(() -> PayloadFilter.parse(json(filter)))
        .isInstanceOf(InvalidSubscriptionException.class)
        .hasMessageContaining(message);
  }
}
