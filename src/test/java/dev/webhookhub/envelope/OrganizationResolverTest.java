package dev.webhookhub.envelope;

import static dev.webhookhub.envelope.Fixtures.RECEIVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrganizationResolverTest {

  private static final SourceSettings WITH_DEFAULT =
      new SourceSettings("ufp", "ufp", "org-default", ZoneId.of("UTC"), DateOrder.MDY);
  private static final SourceSettings WITHOUT_DEFAULT = SourceSettings.defaults("ufp", "ufp");

  private static SourceMessage transport(String organizationId, String locationId) {
    return new SourceMessage(
        JsonNodeFactory.instance.objectNode(), organizationId, locationId, RECEIVED);
  }

  @Test
  void bodyWinsOverTransportAndDefault() {
    assertThat(
            OrganizationResolver.organizationId(
                Optional.of("org-body"), transport("org-transport", null), WITH_DEFAULT))
        .isEqualTo("org-body");
  }

  @Test
  void transportWinsOverDefault() {
    assertThat(
            OrganizationResolver.organizationId(
                Optional.empty(), transport("org-transport", null), WITH_DEFAULT))
        .isEqualTo("org-transport");
  }

  @Test
  void defaultIsTheLastResort() {
    assertThat(
            OrganizationResolver.organizationId(
                Optional.empty(), transport(null, null), WITH_DEFAULT))
        .isEqualTo("org-default");
    assertThat(
            OrganizationResolver.organizationId(
                Optional.empty(), transport(" ", null), WITH_DEFAULT))
        .as("a blank header is no organization")
        .isEqualTo("org-default");
  }

  @Test
  void noOrganizationAnywhereSaysWhereToSendOne() {
    assertThatThrownBy(
            () ->
                OrganizationResolver.organizationId(
                    Optional.empty(), transport(null, null), WITHOUT_DEFAULT))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage(
            "organizationId is missing: the ufp message names none; send it in the"
                + " Hub-Organization-Id header / HubOrganizationId property, or set"
                + " hub.source.ufp.organization-id");
  }

  @Test
  void locationFromBodyThenTransportElseNone() {
    assertThat(OrganizationResolver.locationId(Optional.of("loc-body"), transport(null, "loc-t")))
        .isEqualTo("loc-body");
    assertThat(OrganizationResolver.locationId(Optional.empty(), transport(null, "loc-t")))
        .isEqualTo("loc-t");
    assertThat(OrganizationResolver.locationId(Optional.empty(), transport("org", null))).isNull();
  }
}
