# Webhook Hub image. Build the jar first: mvn -q package -DskipTests
FROM eclipse-temurin:17-jre

WORKDIR /opt/webhook-hub
COPY target/webhook-hub.jar webhook-hub.jar
# The shipped connectors (slack, zapier, teams) and the source examples; mount a directory over it
# to add your own, which the hub picks up while it runs.
COPY routes routes

# Not root. The working directory holds data/ (the embedded broker and H2, when no external ones
# are configured) and may get a config/application.properties mounted next to the jar.
RUN useradd --system --uid 10001 --home-dir /opt/webhook-hub hub \
    && mkdir data && chown hub data
USER hub

# HTTP (ingest, admin API), management (/observe/health, metrics, Jolokia), Hawtio.
EXPOSE 8080 9876 8090
# Exec form: java is PID 1 and gets SIGTERM, so Camel shuts down gracefully (camel.main.shutdown-timeout).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "webhook-hub.jar"]
