package dev.webhookhub.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SourceTimestampsTest {

  private static final SourceSettings UTC_MDY = SourceSettings.defaults("ufp", "ufp");

  private static SourceSettings settings(String zone, DateOrder order) {
    return new SourceSettings("ufp", "ufp", null, ZoneId.of(zone), order);
  }

  private static String toUtc(String text, SourceSettings settings) {
    return SourceTimestamps.toUtc(text, settings, "created_at");
  }

  @Test
  void isoInstantIsKept() {
    assertThat(toUtc("2025-11-06T17:22:00Z", UTC_MDY)).isEqualTo("2025-11-06T17:22:00Z");
  }

  @Test
  void isoOffsetWinsOverTheSourceZone() {
    SourceSettings tokyo = settings("Asia/Tokyo", DateOrder.MDY);

    assertThat(toUtc("2025-11-06T22:52:00+05:30", tokyo)).isEqualTo("2025-11-06T17:22:00Z");
  }

  @Test
  void isoFractionIsKeptAsInstantPrintsIt() {
    assertThat(toUtc("2025-11-06T17:22:03.4170000Z", UTC_MDY))
        .isEqualTo("2025-11-06T17:22:03.417Z");
  }

  @Test
  void isoLocalDateTimeIsReadInTheSourceZone() {
    SourceSettings berlin = settings("Europe/Berlin", DateOrder.MDY);

    assertThat(toUtc("2025-11-06T17:22:00", berlin)).isEqualTo("2025-11-06T16:22:00Z");
  }

  @Test
  void monthFirstByDefault() {
    assertThat(toUtc("11/06/2025 17:22", UTC_MDY)).isEqualTo("2025-11-06T17:22:00Z");
  }

  @Test
  void dayFirstReadsTheSameTextAsJune() {
    SourceSettings dmy = settings("UTC", DateOrder.DMY);

    assertThat(toUtc("11/06/2025 17:22", dmy)).isEqualTo("2025-06-11T17:22:00Z");
  }

  @Test
  void yearFirst() {
    SourceSettings ymd = settings("UTC", DateOrder.YMD);

    assertThat(toUtc("2025/11/06 17:22", ymd)).isEqualTo("2025-11-06T17:22:00Z");
  }

  @Test
  void dotSeparatedTimeAsInUfpPayloads() {
    assertThat(toUtc("11/06/2025 17.22", UTC_MDY)).isEqualTo("2025-11-06T17:22:00Z");
  }

  @Test
  void seconds() {
    assertThat(toUtc("11/06/2025 17:22:45", UTC_MDY)).isEqualTo("2025-11-06T17:22:45Z");
  }

  @Test
  void localTimeFollowsTheZoneIncludingDaylightSaving() {
    SourceSettings newYork = settings("America/New_York", DateOrder.MDY);

    assertThat(toUtc("11/06/2025 17:22", newYork)).isEqualTo("2025-11-06T22:22:00Z");
    assertThat(toUtc("07/01/2025 09:00", newYork)).isEqualTo("2025-07-01T13:00:00Z");
  }

  @Test
  void invalidTimestampNamesFieldValueAndExpectedFormat() {
    assertThatThrownBy(() -> toUtc("13/45/2025 99:00", UTC_MDY))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage(
            "created_at '13/45/2025 99:00' is not a timestamp"
                + " (expected ISO-8601 or MM/dd/uuuu HH:mm)");
  }

  @Test
  void expectedFormatFollowsTheDateOrder() {
    assertThatThrownBy(() -> toUtc("11/06/2025", settings("UTC", DateOrder.DMY)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage(
            "created_at '11/06/2025' is not a timestamp (expected ISO-8601 or dd/MM/uuuu HH:mm)");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "02/30/2025 10:00",
        "11/06/2025 24:00",
        "11/06/2025 17:60",
        "6/11/2025 17:22",
        "11/06/25 17:22",
        "2025-11-06",
        "2025-02-30T10:00:00Z",
        "1762449720",
        "yesterday"
      })
  void strictParsingRejectsImpossibleOrUnexpectedValues(String text) {
    assertThatThrownBy(() -> toUtc(text, UTC_MDY))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("created_at '" + text + "' is not a timestamp");
  }

  @Test
  void blankIsMissing() {
    assertThatThrownBy(() -> toUtc(" ", UTC_MDY))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("created_at is missing");
  }
}
