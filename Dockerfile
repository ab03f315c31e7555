# Webhook Hub image. Build the jar first: mvn -q package -DskipTests
FROM eclipse-temurin:17-jre

WORKDIR /opt/webhook-hub
COPY target/webhook-hub.jar webhook-hub.jar

# Not root. The working directory holds data/ (the embedded broker and H2, when no external ones
# are configured) and may get a config/application.properties mounted next to the jar.
RUN useradd --system --uid 10001 --home-dir /opt/webhook-hub hub \
    && mkdir data && chown hub data
USER hub

EXPOSE 8080
# Exec form: java is PID 1 and gets SIGTERM, so Camel shuts down gracefully (camel.main.shutdown-timeout).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "webhook-hub.jar"]
