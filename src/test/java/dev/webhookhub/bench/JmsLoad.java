package dev.webhookhub.bench;

import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * JMS ingest at full speed: several producers, each on a connection of its own, sending persistent
 * messages (each send waits for the broker's acknowledgement, as a Java system's would).
 */
final class JmsLoad {

  private JmsLoad() {}

  static HttpLoad.Sent fullSpeed(
      String brokerUrl,
      String queue,
      int producers,
      long limit,
      Duration window,
      LongFunction<String> body)
      throws Exception {
    AtomicLong index = new AtomicLong();
    AtomicLong ok = new AtomicLong();
    long start = System.nanoTime();
    long deadline = start + window.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(producers);
    try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl)) {
      List<Future<?>> running = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        running.add(
            pool.submit(
                () -> {
                  try (Connection connection = factory.createConnection()) {
                    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    MessageProducer producer = session.createProducer(session.createQueue(queue));
                    for (long i = index.getAndIncrement();
                        i < limit && System.nanoTime() < deadline;
                        i = index.getAndIncrement()) {
                      producer.send(session.createTextMessage(body.apply(i)));
                      ok.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    return new HttpLoad.Sent(ok.get(), 0, (System.nanoTime() - start) / 1e9);
  }
}
