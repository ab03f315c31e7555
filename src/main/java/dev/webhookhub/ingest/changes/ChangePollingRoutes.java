package dev.webhookhub.ingest.changes;

import dev.webhookhub.ingest.KnownSources;
import dev.webhookhub.ingest.TemplateParameters;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The route template {@value #TEMPLATE}: a source that polls another system's table for changed
 * rows (see {@link ChangeTable} for the parameters). Creating a route from it declares the source,
 * with the envelope normaliser since the poller writes envelopes, unless the route is disabled
 * ({@code enabled: false}), in which case nothing is declared and the table is never read.
 */
public final class ChangePollingRoutes extends RouteBuilder {

  public static final String TEMPLATE = "hub-change-polling-source";

  private static final String POLLER = "hubChangePoller";

  private final KnownSources sources;
  private final ChangePollers pollers;

  public ChangePollingRoutes(KnownSources sources, ChangePollers pollers) {
    this.sources = sources;
    this.pollers = pollers;
  }

  @Override
  public void configure() {
    routeTemplate(TEMPLATE)
        .templateParameter("source")
        .templateParameter("table")
        .templateParameter("entity")
        .templateOptionalParameter("keyColumn")
        .templateOptionalParameter("changedColumn")
        .templateOptionalParameter("deletedColumn")
        .templateOptionalParameter("organizationColumn")
        .templateOptionalParameter("organizationId")
        .templateOptionalParameter("locationColumn")
        .templateOptionalParameter("dataSource")
        .templateOptionalParameter("batchSize")
        .templateOptionalParameter("settle")
        .templateParameter("pollInterval", "PT1S")
        .templateParameter("enabled", "true")
        .configure(
            template -> {
              TemplateParameters parameters = new TemplateParameters(template);
              ChangeTable table = ChangeTable.from(parameters);
              ChangeTable.duration("pollInterval", parameters.required("pollInterval"));
              if (Boolean.parseBoolean(parameters.required("enabled"))) {
                sources.declare(table.source(), "envelope");
                pollers.create(table);
              }
            })
        .from(
            "scheduler:hub-changes-{{source}}-{{table}}?useFixedDelay=true&greedy=true"
                + "&delay={{pollInterval}}")
        .autoStartup("{{enabled}}")
        .setProperty(POLLER, constant("{{source}}:{{table}}"))
        .process(this::poll);
  }

  /** While batches come back with work the next poll starts at once (greedy). */
  private void poll(Exchange exchange) throws Exception {
    ChangePoller poller = pollers.get(exchange.getProperty(POLLER, String.class));
    exchange.setProperty(Exchange.SCHEDULER_POLLED_MESSAGES, poller.pollBatch() > 0);
  }
}
