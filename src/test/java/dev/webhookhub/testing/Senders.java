package dev.webhookhub.testing;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * How existing systems put events into a hub, each over its real protocol: a Java system with the
 * Artemis JMS client, a non-Java one with AMQP or a raw STOMP frame, HTTP, and an outbox INSERT.
 */
public final class Senders {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final HubAddress hub;

  /** Over HTTP and the broker; the outbox needs the database of a {@link TestHub}. */
  public Senders(HubAddress hub) {
    this.hub = hub;
  }

  /** Artemis core JMS client over TCP. */
  public void jms(String queue, String body, Map<String, String> properties) throws Exception {
    send(new ActiveMQConnectionFactory(hub.brokerTcpUrl()), queue, body, properties);
  }

  /** Qpid JMS over AMQP 1.0, as a non-Artemis client would. */
  public void amqp(String queue, String body, Map<String, String> properties) throws Exception {
    send(new JmsConnectionFactory("amqp://127.0.0.1:" + hub.brokerPort()), queue, body, properties);
  }

  private static void send(
      ConnectionFactory factory, String queue, String body, Map<String, String> properties)
      throws Exception {
    try (Connection connection = factory.createConnection()) {
      Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageProducer producer = session.createProducer(session.createQueue(queue));
      TextMessage message = session.createTextMessage(body);
      for (Map.Entry<String, String> p : properties.entrySet()) {
        message.setStringProperty(p.getKey(), p.getValue());
      }
      producer.send(message);
    }
  }

  /** One STOMP 1.2 SEND frame over a plain socket, waiting for the broker's receipt. */
  public void stomp(String destination, String body, Map<String, String> headers)
      throws IOException {
    try (Socket socket = new Socket("127.0.0.1", hub.brokerPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      frame(out, "CONNECT\naccept-version:1.2\nhost:127.0.0.1\n\n");
      expectFrame(in, "CONNECTED");
      StringBuilder send = new StringBuilder("SEND\ndestination:" + destination + "\n");
      send.append("content-type:application/json\nreceipt:sent\n");
      headers.forEach((k, v) -> send.append(k).append(':').append(v).append('\n'));
      send.append('\n').append(body);
      frame(out, send.toString());
      expectFrame(in, "RECEIPT");
      frame(out, "DISCONNECT\n\n");
    }
  }

  private static void frame(OutputStream out, String frame) throws IOException {
    out.write(frame.getBytes(StandardCharsets.UTF_8));
    out.write(0);
    out.flush();
  }

  private static void expectFrame(InputStream in, String command) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) > 0) {
      frame.write(b);
    }
    String text = frame.toString(StandardCharsets.UTF_8).stripLeading();
    if (!text.startsWith(command)) {
      throw new IOException("Expected STOMP " + command + " but got: " + text);
    }
  }

  /** {@code POST /ingest/<source>}. */
  public HttpResponse<String> http(
      String source, String contentType, String body, Map<String, String> headers)
      throws IOException, InterruptedException {
    return post("/ingest/" + source, contentType, body, headers);
  }

  /** {@code POST} to any path of the hub, e.g. an HTTP source declared in YAML. */
  public HttpResponse<String> post(
      String path, String contentType, String body, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(hub.httpUrl(path)))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> httpJson(String source, String body)
      throws IOException, InterruptedException {
    return http(source, "application/json", body, Map.of());
  }

  /** What an existing system does in its own transaction. */
  public void outbox(String source, String payload, String organizationId) throws Exception {
    if (!(hub instanceof TestHub inProcess)) {
      throw new IllegalStateException("the outbox sender needs an in-process TestHub's database");
    }
    try (java.sql.Connection db = inProcess.connectDatabase();
        PreparedStatement insert =
            db.prepareStatement(
                "INSERT INTO hub_outbox (source, payload, organization_id) VALUES (?, ?, ?)")) {
      insert.setString(1, source);
      insert.setString(2, payload);
      insert.setString(3, organizationId);
      insert.executeUpdate();
    }
  }
}
