#!/usr/bin/env bash
# The docker-compose.yml topology without Docker: a standalone Artemis 2.40.0 (fetched through
# Maven), this machine's PostgreSQL 15, and N hub JVMs from target/webhook-hub.jar on ports of
# their own, all sharing one secrets master key and one admin token.
#
#   scripts/local-cluster.sh start [N]     start the broker, the database and N hubs (default 2)
#   scripts/local-cluster.sh status        what runs, on which ports, and whether each hub is ready
#   scripts/local-cluster.sh stop          stop every process it started, by the ids in its pid files
#   scripts/local-cluster.sh start-hub I   start hub I again (e.g. after kill -9 "$(cat <dir>/hub-I/pid)")
#   scripts/local-cluster.sh env I         the environment hub I runs with (secrets masked)
#   scripts/local-cluster.sh reset         after stop: delete the cluster dir and its database
#
# Everything lives under LOCAL_CLUSTER_DIR (default target/local-cluster): the broker instance
# and its journal, each hub's data dir, log and pid file, and secrets.env with the shared master
# key and admin token (generated once; `reset` deletes the directory and drops the database).
#
# Ports (hub I = 1..N): HTTP 18080+I, management 19875+I (/observe/health/ready), Hawtio
# 18089+I, broker 61716. They avoid the hub's defaults so a hub started by hand does not clash.
# Any HUB_* variable in the caller's environment reaches every hub (e.g. HUB_ALLOW_TARGETS).
#
# PostgreSQL is the machine's service: started with pg_ctlcluster when it is down, never stopped.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${LOCAL_CLUSTER_DIR:-$ROOT/target/local-cluster}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
JAR=${LOCAL_CLUSTER_JAR:-$ROOT/target/webhook-hub.jar}
ARTEMIS_VERSION=2.40.0
ARTEMIS_HOME=$ROOT/target/apache-artemis-$ARTEMIS_VERSION
BROKER_DIR=$DIR/artemis
BROKER_PORT=${LOCAL_CLUSTER_BROKER_PORT:-61716}
BROKER_USER=hub
# The broker's password for the hubs; a local broker on 127.0.0.1, so not a secret worth more.
BROKER_PASSWORD=hub
# The role config/artemis/broker.xml grants the hub's rights to (the Docker image gives its user
# the same one).
BROKER_ROLE=amq
PG_VERSION=15
PG_PORT=5432
DB_NAME=hub_cluster
HUB_JAVA_OPTS=${LOCAL_CLUSTER_JAVA_OPTS:--Xmx1g}
READY_TIMEOUT=${LOCAL_CLUSTER_READY_TIMEOUT:-120}

http_port() { echo $((18080 + $1)); }
management_port() { echo $((19875 + $1)); }
hawtio_port() { echo $((18089 + $1)); }

log() { echo "local-cluster: $*" >&2; }
die() { log "$*"; exit 1; }

# A pid file names a running process of ours only if that process is alive.
running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Waits until "$@" succeeds, at most $1 seconds, once a second.
wait_for() {
  local seconds=$1 what=$2
  shift 2
  for _ in $(seq "$seconds"); do
    if "$@"; then return 0; fi
    sleep 1
  done
  die "$what: not there after $seconds s"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

fetch_artemis() {
  [ -x "$ARTEMIS_HOME/bin/artemis" ] && return
  log "fetching apache-artemis-$ARTEMIS_VERSION-bin.tar.gz through Maven"
  mvn -B -q dependency:copy -Dartifact="org.apache.activemq:apache-artemis:$ARTEMIS_VERSION:tar.gz:bin" \
    -DoutputDirectory="$ROOT/target" -Dmdep.overWriteIfNewer=true
  tar xzf "$ROOT/target/apache-artemis-$ARTEMIS_VERSION-bin.tar.gz" -C "$ROOT/target"
}

# The broker instance, created once: artemis create makes the user and the JVM settings, then
# the repository's config/artemis/broker.xml replaces the generated one (as the Docker image's
# etc-override does), its acceptor moved to 127.0.0.1 and this cluster's port.
create_broker() {
  [ -f "$BROKER_DIR/etc/broker.xml" ] && return
  fetch_artemis
  log "creating the broker instance in $BROKER_DIR"
  "$ARTEMIS_HOME/bin/artemis" create "$BROKER_DIR" --silent --force --no-web --require-login \
    --user "$BROKER_USER" --password "$BROKER_PASSWORD" --role "$BROKER_ROLE" \
    --host 127.0.0.1 --default-port "$BROKER_PORT" >"$DIR/artemis-create.log"
  sed -e "s|tcp://0.0.0.0:61616|tcp://127.0.0.1:$BROKER_PORT|" "$ROOT/config/artemis/broker.xml" \
    >"$BROKER_DIR/etc/broker.xml"
  grep -q "tcp://127.0.0.1:$BROKER_PORT" "$BROKER_DIR/etc/broker.xml" \
    || die "config/artemis/broker.xml has no acceptor on tcp://0.0.0.0:61616 to move"
}

start_broker() {
  if running "$DIR/artemis.pid"; then
    log "broker already running (pid $(cat "$DIR/artemis.pid"))"
    return
  fi
  if port_open "$BROKER_PORT"; then
    die "port $BROKER_PORT is taken by a process this script did not start"
  fi
  create_broker
  "$BROKER_DIR/bin/artemis" run </dev/null >"$DIR/artemis.log" 2>&1 &
  echo $! >"$DIR/artemis.pid"
  log "broker started (pid $!), log $DIR/artemis.log"
  wait_for 90 "broker on port $BROKER_PORT" port_open "$BROKER_PORT"
}

psql_as_postgres() { su postgres -c "psql -p $PG_PORT -qtAc \"$1\""; }

start_postgres() {
  if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1==v && $2=="main" {print $4}' | grep -q online; then
    log "starting PostgreSQL $PG_VERSION"
    pg_ctlcluster "$PG_VERSION" main start
  fi
  psql_as_postgres "SELECT 1 FROM pg_roles WHERE rolname='hub'" | grep -q 1 \
    || psql_as_postgres "CREATE ROLE hub LOGIN PASSWORD 'hub'"
  psql_as_postgres "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'" | grep -q 1 \
    || psql_as_postgres "CREATE DATABASE $DB_NAME OWNER hub"
}

# One master key and one admin token for every hub, made once and kept (mode 600).
secrets() {
  if [ ! -f "$DIR/secrets.env" ]; then
    (
      umask 077
      echo "HUB_SECRETS_MASTER_KEY=$(head -c 32 /dev/urandom | base64)"
      echo "HUB_ADMIN_TOKEN=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
    ) >"$DIR/secrets.env"
  fi
  # shellcheck disable=SC1091
  . "$DIR/secrets.env"
  export HUB_SECRETS_MASTER_KEY HUB_ADMIN_TOKEN
}

hub_environment() {
  local i=$1
  export HUB_DATA_DIR=$DIR/hub-$i/data
  export HUB_HTTP_HOST=127.0.0.1 HUB_HTTP_PORT=$(http_port "$i")
  export HUB_MANAGEMENT_PORT=$(management_port "$i") HUB_HAWTIO_PORT=$(hawtio_port "$i")
  export HUB_BROKER_URL=tcp://127.0.0.1:$BROKER_PORT
  export HUB_BROKER_USER=$BROKER_USER HUB_BROKER_PASSWORD=$BROKER_PASSWORD
  export HUB_DB_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/$DB_NAME HUB_DB_USER=hub HUB_DB_PASSWORD=hub
  export HUB_ROUTES_DIR=$ROOT/routes
  secrets
}

# Ready is the hub's readiness check answering 200. A hub without a management server (a jar
# from before it existed) never opens that port; then an answer from the admin API counts.
hub_ready() {
  local i=$1 status
  status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 \
    "http://127.0.0.1:$(management_port "$i")/observe/health/ready" || true)
  if [ "$status" != "000" ]; then
    [ "$status" = 200 ]
    return
  fi
  status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 \
    -H "Authorization: Bearer $(token)" "http://127.0.0.1:$(http_port "$i")/api/subscriptions" || true)
  [ "$status" = 200 ]
}

token() { (. "$DIR/secrets.env" && echo "$HUB_ADMIN_TOKEN"); }

start_hub() {
  local i=$1
  local pid_file=$DIR/hub-$i/pid
  [ -f "$JAR" ] || die "$JAR is missing: mvn -q package -DskipTests"
  mkdir -p "$DIR/hub-$i/data"
  if running "$pid_file"; then
    log "hub-$i already running (pid $(cat "$pid_file"))"
    return
  fi
  for port in $(http_port "$i") $(management_port "$i") $(hawtio_port "$i"); do
    if port_open "$port"; then
      die "port $port of hub-$i is taken by a process this script did not start"
    fi
  done
  (
    hub_environment "$i"
    cd "$DIR/hub-$i"
    # shellcheck disable=SC2086
    exec java $HUB_JAVA_OPTS -jar "$JAR" </dev/null >>"$DIR/hub-$i/hub.log" 2>&1
  ) &
  echo $! >"$pid_file"
  log "hub-$i started (pid $!): http://127.0.0.1:$(http_port "$i"), log $DIR/hub-$i/hub.log"
  wait_for "$READY_TIMEOUT" "hub-$i ready" hub_ready_or_dead "$i"
  log "hub-$i ready"
}

hub_ready_or_dead() {
  running "$DIR/hub-$1/pid" || die "hub-$1 exited; see $DIR/hub-$1/hub.log"
  hub_ready "$1"
}

start() {
  local n=${1:-2}
  [[ $n =~ ^[1-9]$ ]] || die "N must be 1 to 9, not '$n'"
  for stale in "$DIR"/hub-*; do
    [ -d "$stale" ] || continue
    local i=${stale##*-}
    if [ "$i" -gt "$n" ]; then
      running "$stale/pid" && die "hub-$i of an earlier start still runs; stop first"
      rm -rf "$stale"
    fi
  done
  start_postgres
  start_broker
  secrets
  for i in $(seq "$n"); do start_hub "$i"; done
  status
}

# SIGTERM, then wait for the process to end (graceful shutdown takes up to
# camel.main.shutdown-timeout); SIGKILL only if it is still there after that.
stop_process() {
  local name=$1 pid_file=$2
  if ! running "$pid_file"; then
    rm -f "$pid_file"
    return
  fi
  local pid
  pid=$(cat "$pid_file")
  kill -TERM "$pid"
  for _ in $(seq 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name (pid $pid) did not stop within 60 s: SIGKILL"
    kill -KILL "$pid"
  fi
  rm -f "$pid_file"
  log "$name stopped"
}

stop() {
  for hub in "$DIR"/hub-*; do
    [ -d "$hub" ] && stop_process "$(basename "$hub")" "$hub/pid" &
  done
  wait
  # The broker last, so the hubs can finish their in-flight messages first.
  stop_process broker "$DIR/artemis.pid"
}

status() {
  if running "$DIR/artemis.pid"; then
    echo "broker   pid $(cat "$DIR/artemis.pid")  tcp://127.0.0.1:$BROKER_PORT (user $BROKER_USER)"
  else
    echo "broker   not running"
  fi
  echo "database jdbc:postgresql://127.0.0.1:$PG_PORT/$DB_NAME (user hub)"
  for hub in "$DIR"/hub-*; do
    [ -d "$hub" ] || continue
    local i=${hub##*-} state
    if ! running "$hub/pid"; then
      state="not running"
    elif hub_ready "$i"; then
      state="ready"
    else
      state="not ready"
    fi
    printf 'hub-%s    %-11s http://127.0.0.1:%s  management :%s  hawtio http://127.0.0.1:%s/hawtio\n' \
      "$i" "$state" "$(http_port "$i")" "$(management_port "$i")" "$(hawtio_port "$i")"
  done
  [ -f "$DIR/secrets.env" ] && echo "admin token and master key: $DIR/secrets.env"
  return 0
}

reset() {
  if running "$DIR/artemis.pid" || ls "$DIR"/hub-*/pid >/dev/null 2>&1; then
    die "stop the cluster first"
  fi
  rm -rf "$DIR"
  if pg_lsclusters -h | awk -v v="$PG_VERSION" '$1==v && $2=="main" {print $4}' | grep -q online; then
    psql_as_postgres "DROP DATABASE IF EXISTS $DB_NAME"
  fi
  log "removed $DIR and database $DB_NAME"
}

case ${1:-} in
  start) start "${2:-2}" ;;
  start-hub) secrets && start_hub "${2:?which hub}" ;;
  stop) stop ;;
  status) status ;;
  reset) reset ;;
  env) (hub_environment "${2:?which hub}" && env | grep '^HUB_' | sed -E 's/^(HUB_[A-Z_]*(KEY|TOKEN|PASSWORD))=.*/\1=********/' | sort) ;;
  *) sed -n '2,25p' "$0" >&2; exit 2 ;;
esac
