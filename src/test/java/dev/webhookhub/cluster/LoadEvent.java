package dev.webhookhub.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.webhookhub.testing.SeedSamples;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One event of the cluster check, made from a seed sample so the source's normaliser accepts it.
 * Each (source, organization) is one stream numbered 1, 2, 3 … in {@code data.seq}: the hub keeps a
 * source's order per organization, so those numbers must arrive increasing at every subscription.
 */
public record LoadEvent(Way way, String organization, int seq, String body) {

  /** How the event enters the hub; each way is one of the hub's three kinds of source. */
  public enum Way {
    HTTP("ufp", "lead.created"),
    JMS("fineguide", "session.opened"),
    OUTBOX("fitprotracker", "contact.created");

    public final String source;
    public final String eventType;

    Way(String source, String eventType) {
      this.source = source;
      this.eventType = eventType;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code count} events, the ways and organizations taken in turn. */
  public static List<LoadEvent> plan(int count, int organizations, String run) {
    int[][] next = new int[Way.values().length][organizations];
    List<LoadEvent> events = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      Way way = Way.values()[k % 3];
      int org = (k / 3) % organizations;
      int seq = ++next[way.ordinal()][org];
      String organization = String.valueOf(org + 1);
      events.add(new LoadEvent(way, organization, seq, body(way, organization, seq, run)));
    }
    return events;
  }

  private static String body(Way way, String organization, int seq, String run) {
    try {
      return switch (way) {
        // UFP names its organization in company_id; its event id is derived from the content.
        case HTTP -> {
          ObjectNode ufp = seed("ufp/new_lead_created.json");
          ufp.put("company_id", Integer.parseInt(organization));
          ((ObjectNode) ufp.get("payload")).put("seq", seq).put("external_id", run);
          yield JSON.writeValueAsString(ufp);
        }
        // FineGuide names no organization: the JMS property HubOrganizationId does.
        case JMS -> {
          ObjectNode fineGuide = seed("fineguide/session_open.json");
          fineGuide.put("sessionId", run + "-" + organization + "-" + seq).put("seq", seq);
          yield JSON.writeValueAsString(fineGuide);
        }
        case OUTBOX -> {
          ObjectNode contact = seed("fitprotracker/contact_created.json");
          contact.put("eventId", UUID.randomUUID().toString());
          contact.put("organizationId", organization);
          contact.put("eventTimestamp", Instant.now().toString());
          ((ObjectNode) contact.get("data")).put("seq", seq).put("contactId", "c-" + seq);
          yield JSON.writeValueAsString(contact);
        }
      };
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode seed(String path)
      throws com.fasterxml.jackson.core.JsonProcessingException {
    return (ObjectNode) JSON.readTree(SeedSamples.read(path));
  }
}
