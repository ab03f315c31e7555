package dev.webhookhub.delivery;

import dev.webhookhub.delivery.DeliveryLog.Entry;
import dev.webhookhub.delivery.DeliveryRecorder.Outcome;
import dev.webhookhub.delivery.DueDeliveries.Due;
import dev.webhookhub.queue.DeliveryMessages;
import dev.webhookhub.queue.HubQueues;
import dev.webhookhub.subscription.Subscription;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.api.jms.ActiveMQJMSConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery engine's loop. One consumer per hub takes every message off {@code hub.deliveries}
 * and never waits for an endpoint: each subscription has a lane, a queue of its deliveries in the
 * order they arrived, with at most one attempt in flight, and all lanes together have at most
 * {@code maxInFlight}. A hanging endpoint holds its own lane and nothing else, however many
 * subscriptions there are and whatever the broker holds when the hub starts.
 *
 * <p>Messages are acknowledged one by one ({@code INDIVIDUAL_ACKNOWLEDGE}), and only after the
 * {@link DeliveryRecorder} has committed what became of them. The session is used by the consumer
 * thread alone, so acknowledgements are handed to it. Message groups ({@code JMSXGroupID} = the
 * subscription) still give each subscription to one hub at a time when several share the broker.
 */
public final class DeliveryDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryDispatcher.class);

  /** One subscription's deliveries on this hub, in arrival order; one attempt at a time. */
  private static final class Lane {
    final String subscriptionId;
    final Queue<Job> waiting = new ArrayDeque<>();
    boolean busy;
    boolean ready;

    Lane(String subscriptionId) {
      this.subscriptionId = subscriptionId;
    }
  }

  /**
   * A consumed message and the session generation it was consumed in, for its acknowledgement.
   *
   * @param mayBeDone whether its attempt may have been made already (see {@link #recheckUntil})
   */
  private record Job(DeliveryJob delivery, Message message, int generation, boolean mayBeDone) {}

  /**
   * How long after a lost session every message is checked against the records, not only those the
   * broker marks redelivered: a broker that restarted does not know it delivered them before (it
   * keeps delivery counts in memory), so an attempt made just before the outage comes back as a
   * first delivery.
   */
  static final Duration RECHECK_AFTER_RECONNECT = Duration.ofSeconds(60);

  /** How long a delivery that arrives for an overfull lane waits in the database. */
  static final Duration OVERFLOW_WAIT = Duration.ofSeconds(10);

  /** Failures to prepare one message (other than the database's) before it is dead. */
  static final int MAX_PREPARE_FAILURES = 5;

  private final ConnectionFactory broker;
  private final DeliveryWorker worker;
  private final HttpSender http;
  private final ConnectorSender connectors;
  private final DeliveryRecorder recorder;
  private final DeadLetterCopies deadLetters;
  private final int maxInFlight;
  private final int maxBuffered;
  private final int maxLane;

  private final Object lock = new Object();
  private final Map<String, Lane> lanes = new HashMap<>();
  private final Queue<Lane> ready = new ArrayDeque<>();
  private int inFlight;
  private int buffered;

  private final Queue<Job> acknowledgements = new ConcurrentLinkedQueue<>();
  private final ExecutorService steps;
  private final ScheduledExecutorService later;
  private final Thread consumer;
  private volatile boolean accepting = true;
  private volatile boolean running = true;
  private volatile int generation;
  private volatile long recheckUntil;

  /**
   * @param broker an unpooled factory: the consumer's session is its own
   * @param maxInFlight attempts in flight at once on this hub
   */
  public DeliveryDispatcher(
      ConnectionFactory broker,
      DeliveryWorker worker,
      HttpSender http,
      ConnectorSender connectors,
      DeliveryRecorder recorder,
      DeadLetterCopies deadLetters,
      int maxInFlight) {
    this.broker = broker;
    this.worker = worker;
    this.http = http;
    this.connectors = connectors;
    this.recorder = recorder;
    this.deadLetters = deadLetters;
    this.maxInFlight = maxInFlight;
    // Enough to keep every slot busy through bursts, small enough for the heap (a few KB each):
    // beyond it the consumer stops taking messages until some are recorded.
    this.maxBuffered = Math.max(10_000, 40 * maxInFlight);
    // One lane may hold a tenth of that, so a few subscriptions far behind their hanging
    // endpoints cannot stop intake for everybody.
    this.maxLane = maxBuffered / 10;
    this.steps = Executors.newFixedThreadPool(2, named("hub-deliver-"));
    this.later = Executors.newSingleThreadScheduledExecutor(named("hub-deliver-later-"));
    this.recheckUntil = System.nanoTime();
    this.consumer = new Thread(this::consume, "hub-delivery-consumer");
    this.consumer.setDaemon(true);
  }

  public void start() {
    consumer.start();
  }

  /** Attempts in flight now. */
  public int inFlight() {
    synchronized (lock) {
      return inFlight;
    }
  }

  /** Messages taken off the broker and not yet acknowledged. */
  public int buffered() {
    synchronized (lock) {
      return buffered;
    }
  }

  /**
   * Stops taking messages, lets the attempts in flight finish and be recorded (at most {@code
   * timeout}), then closes the session. What was taken but not started stays on the broker.
   */
  public void stop(Duration timeout) throws InterruptedException {
    accepting = false;
    synchronized (lock) {
      for (Lane lane : lanes.values()) {
        buffered -= lane.waiting.size();
        lane.waiting.clear();
      }
      ready.clear();
    }
    Instant deadline = Instant.now().plus(timeout);
    while (inFlight() > 0 && Instant.now().isBefore(deadline)) {
      Thread.sleep(10);
    }
    recorder.stop(Duration.between(Instant.now(), deadline).plusSeconds(1));
    running = false;
    consumer.join(2_000);
    steps.shutdownNow();
    later.shutdownNow();
  }

  private void consume() {
    Backoff backoff = new Backoff(500, 10_000);
    // Whether the last session opened: only the first loss of a streak is worth a WARN (the
    // broker's reachability is reported once, by the connection factory).
    boolean connected = true;
    while (running) {
      try (Connection connection = broker.createConnection()) {
        Session session =
            connection.createSession(false, ActiveMQJMSConstants.INDIVIDUAL_ACKNOWLEDGE);
        MessageConsumer messages =
            session.createConsumer(session.createQueue(HubQueues.DELIVERIES));
        connection.start();
        backoff.reset();
        if (generation > 0) {
          recheckUntil = System.nanoTime() + RECHECK_AFTER_RECONNECT.toNanos();
        }
        connected = true;
        while (running) {
          acknowledge();
          if (!accepting || buffered() >= maxBuffered) {
            Thread.sleep(5);
            continue;
          }
          Message message = messages.receive(20);
          if (message != null) {
            accept(message);
          }
        }
        acknowledge();
      } catch (InterruptedException e) {
        return;
      } catch (JMSException | RuntimeException e) {
        if (!running) {
          return;
        }
        // What was taken and not acknowledged returns to the queue with the session; acks of it
        // from the old session are dropped, and what waits in the lanes is dropped too: sent
        // now, each would be sent again when the broker redelivers it.
        generation++;
        int dropped = dropWaiting();
        if (connected) {
          LOG.warn(
              "Delivery consumer lost its broker session ({}); reconnecting, {} deliveries taken"
                  + " back for the broker to redeliver",
              StageFailures.describe(e),
              dropped);
        } else {
          LOG.debug("Delivery consumer cannot reconnect yet: {}", StageFailures.describe(e));
        }
        connected = false;
        try {
          backoff.pause();
        } catch (InterruptedException stopped) {
          return;
        }
      }
    }
  }

  /**
   * Forgets the deliveries of older sessions that wait in the lanes and have not started: their
   * messages return to the queue with the lost session. Attempts in flight finish and are recorded.
   *
   * @return how many were dropped
   */
  private int dropWaiting() {
    synchronized (lock) {
      int dropped = 0;
      for (java.util.Iterator<Lane> lanesLeft = lanes.values().iterator(); lanesLeft.hasNext(); ) {
        Lane lane = lanesLeft.next();
        int before = lane.waiting.size();
        lane.waiting.removeIf(job -> job.generation() != generation);
        dropped += before - lane.waiting.size();
        if (lane.waiting.isEmpty() && lane.ready) {
          lane.ready = false;
          ready.remove(lane);
        }
        if (!lane.busy && lane.waiting.isEmpty()) {
          lanesLeft.remove();
        }
      }
      buffered -= dropped;
      return dropped;
    }
  }

  private void acknowledge() throws JMSException {
    for (Job job; (job = acknowledgements.poll()) != null; ) {
      if (job.generation() == generation) {
        job.message().acknowledge();
      }
      synchronized (lock) {
        buffered--;
      }
    }
  }

  private void accept(Message message) throws JMSException {
    String body = message instanceof TextMessage text ? text.getText() : null;
    DeliveryJob delivery =
        DeliveryJob.of(DeliveryMessages.headers(message), body, message.getJMSMessageID());
    if (delivery.identity().deliveryId() == null
        || delivery.identity().subscriptionId() == null
        || body == null) {
      // Not a delivery the hub made: parked with the reason, never retried.
      try {
        deadLetters.park(
            delivery, 0, "not a delivery message: no delivery id, subscription or body");
        message.acknowledge();
      } catch (Exception e) {
        LOG.warn("A message on {} could not be parked: {}", HubQueues.DELIVERIES, e.toString());
      }
      return;
    }
    Job job =
        new Job(
            delivery,
            message,
            generation,
            message.getJMSRedelivered() || System.nanoTime() - recheckUntil < 0);
    int ahead;
    synchronized (lock) {
      buffered++;
      Lane lane = lanes.computeIfAbsent(delivery.identity().subscriptionId(), Lane::new);
      ahead = lane.waiting.size();
      if (ahead < maxLane) {
        lane.waiting.add(job);
        schedule(lane);
        return;
      }
    }
    // A lane this far behind is failing or far too slow for one attempt at a time: what arrives
    // for it waits in the database instead of the heap (not an attempt), and comes back later.
    postpone(
        job,
        Instant.now().plus(OVERFLOW_WAIT),
        ahead + " deliveries of this subscription are ahead of it on this hub",
        delivery.headers());
  }

  /** Starts the lane's next delivery if it has one, it is idle, and a slot is free. */
  private void schedule(Lane lane) {
    if (lane.busy || lane.waiting.isEmpty() || lane.ready) {
      return;
    }
    if (inFlight < maxInFlight) {
      start(lane);
    } else {
      lane.ready = true;
      ready.add(lane);
    }
  }

  private void start(Lane lane) {
    lane.busy = true;
    inFlight++;
    Job job = lane.waiting.poll();
    steps.execute(() -> attempt(lane, job));
  }

  /** Frees the lane's slot and starts what waits: the lane's next delivery, or another lane's. */
  private void release(Lane lane) {
    synchronized (lock) {
      lane.busy = false;
      inFlight--;
      Lane next = ready.poll();
      if (next != null) {
        next.ready = false;
        start(next);
      }
      schedule(lane);
      if (!lane.busy && !lane.ready && lane.waiting.isEmpty()) {
        lanes.remove(lane.subscriptionId);
      }
    }
  }

  private void attempt(Lane lane, Job job) {
    attempt(lane, job, 0);
  }

  /**
   * @param failures how often preparing this message failed before, in a row
   */
  private void attempt(Lane lane, Job job, int failures) {
    if (!accepting) {
      release(lane);
      return;
    }
    DeliveryJob delivery = job.delivery();
    Decision decision;
    try {
      if (recorder.recorded(delivery, job.mayBeDone())) {
        // Its outcome is recorded already; only the acknowledgement was lost.
        LOG.debug("Delivery {} was made already", delivery.identity().deliveryId());
        acknowledgements.add(job);
        release(lane);
        return;
      }
      decision = worker.prepare(delivery);
    } catch (Exception e) {
      if (!(e instanceof SQLException) && failures + 1 >= MAX_PREPARE_FAILURES) {
        unpreparable(job, e);
        release(lane);
        return;
      }
      // The same delivery again, in its place, holding its lane: the database may be down (then
      // for as long as it is), or the subscription unreadable (then a few times, then dead).
      long wait = Math.min(30_000L, 1_000L << Math.min(failures, 5));
      LOG.debug(
          "Delivery {} waits {} ms: {}", delivery.identity().deliveryId(), wait, e.toString());
      later.schedule(
          () -> steps.execute(() -> attempt(lane, job, failures + 1)), wait, TimeUnit.MILLISECONDS);
      return;
    }
    if (decision instanceof Decision.Deliver deliver) {
      send(delivery, deliver)
          .whenComplete(
              (result, failure) -> {
                AttemptResult attempt =
                    result != null ? result : AttemptResult.failed(deliver.startedAt(), 0, failure);
                concluded(job, deliver.subscription(), attempt);
                release(lane);
              });
      return;
    }
    if (decision instanceof Decision.Deferred deferred) {
      postpone(
          job,
          deferred.until(),
          deferred.reason(),
          delivery.headersFor(delivery.attempt(), deferred.rateSlot()));
    } else {
      Decision.Done done = (Decision.Done) decision;
      finish(
          job,
          new Entry(
              delivery.identity(),
              delivery.recordedAttempt() - 1,
              null,
              done.status(),
              done.reason(),
              null),
          null);
    }
    release(lane);
  }

  private CompletableFuture<AttemptResult> send(DeliveryJob delivery, Decision.Deliver deliver) {
    try {
      DeliveryWorker.Request request = worker.render(delivery, deliver);
      if (request instanceof DeliveryWorker.Connector connector) {
        return connectors.send(
            connector.endpoint(), deliver.subscription(), delivery, deliver.startedAt());
      }
      return http.send(((DeliveryWorker.Http) request).call(), deliver.startedAt());
    } catch (Exception | LinkageError e) {
      return CompletableFuture.completedFuture(
          AttemptResult.failed(
              deliver.startedAt(),
              Duration.between(deliver.startedAt(), Instant.now()).toMillis(),
              e));
    }
  }

  private void concluded(Job job, Subscription subscription, AttemptResult result) {
    DeliveryJob delivery = job.delivery();
    Decision decision = worker.conclude(delivery, subscription, result);
    Due due = null;
    Instant next = null;
    DeliveryRecorder.FollowUp followUp = null;
    if (decision instanceof Decision.RetryAt retry) {
      next = retry.at();
      due =
          new Due(
              delivery.identity().deliveryId(),
              delivery.identity().subscriptionId(),
              retry.at(),
              delivery.headersFor(delivery.attempt() + 1, null),
              delivery.body());
    } else if (decision instanceof Decision.Dead dead) {
      followUp =
          () -> {
            deadLetters.park(delivery, delivery.attempt(), dead.error());
            worker.afterDead(delivery, subscription, dead);
          };
    }
    recorder.submit(
        new Outcome(
            new Entry(
                delivery.identity(),
                delivery.recordedAttempt(),
                result,
                DeliveryWorker.status(decision),
                result.error(),
                next),
            due,
            followUp,
            () -> acknowledgements.add(job)));
  }

  /**
   * A delivery the hub cannot even prepare (its subscription cannot be decrypted, say) is dead:
   * recorded with the reason, parked on hub.dead for a redrive once the cause is fixed.
   */
  private void unpreparable(Job job, Exception cause) {
    DeliveryJob delivery = job.delivery();
    String reason =
        "delivery failed "
            + MAX_PREPARE_FAILURES
            + " times in a row before sending, taking it from "
            + HubQueues.DELIVERIES
            + ": "
            + StageFailures.describe(cause);
    LOG.warn(
        "Dead delivery: delivery={} subscription={} reason={}",
        delivery.identity().deliveryId(),
        delivery.identity().subscriptionId(),
        reason);
    recorder.submit(
        new Outcome(
            new Entry(
                delivery.identity(),
                delivery.recordedAttempt() - 1,
                null,
                DeliveryLog.Status.DEAD,
                reason,
                null),
            null,
            () -> deadLetters.park(delivery, delivery.attempt() - 1, reason),
            () -> acknowledgements.add(job)));
  }

  /**
   * Puts a delivery in {@code hub_delivery_due} until {@code until} without an attempt (its retry
   * budget is not spent), recorded as retrying for {@code reason}.
   */
  private void postpone(Job job, Instant until, String reason, Map<String, Object> headers) {
    DeliveryJob delivery = job.delivery();
    finish(
        job,
        new Entry(
            delivery.identity(),
            delivery.recordedAttempt() - 1,
            null,
            DeliveryLog.Status.RETRYING,
            reason,
            until),
        new Due(
            delivery.identity().deliveryId(),
            delivery.identity().subscriptionId(),
            until,
            headers,
            delivery.body()));
  }

  /** Records a decision that needed no attempt; acknowledged once recorded. */
  private void finish(Job job, Entry entry, Due due) {
    recorder.submit(new Outcome(entry, due, null, () -> acknowledgements.add(job)));
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
