#!/usr/bin/env bash
# Load check of several hubs on one broker and one database (takes minutes; plain mvn verify does
# not run it). For each N (default: 2, then 1) it starts a fresh scripts/local-cluster.sh
# cluster with N hubs, and the Java program dev.webhookhub.cluster.ClusterCheck (src/test) sends
# 20,000 events through HTTP, JMS and the outbox to 50 subscriptions on a local receiver, kills
# hub-1 with kill -9 when half the events are in and starts it again, then checks that every
# (event, matching subscription) arrived at least once and in order, and prints throughput and
# duplicates. Exit status 0 only if every run passed.
#
#   scripts/cluster-check.sh                        N = 2 then N = 1, 20,000 events each
#   scripts/cluster-check.sh --events 5000          fewer events
#   CLUSTER_CHECK_HUBS="2" scripts/cluster-check.sh --no-kill
#
# Each run starts from an empty cluster dir (target/cluster-check-N) and database; the cluster is
# stopped afterwards, also when the check fails or is interrupted.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
CLUSTER=$ROOT/scripts/local-cluster.sh

[ -f target/webhook-hub.jar ] || mvn -B -q package -DskipTests -Djacoco.skip=true
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cluster-check.classpath \
  -Dmdep.includeScope=test -Djacoco.skip=true -Dspotless.check.skip=true
CLASSPATH=target/test-classes:target/classes:$(cat target/cluster-check.classpath)

export HUB_ALLOW_TARGETS=127.0.0.1
status=0
for n in ${CLUSTER_CHECK_HUBS:-2 1}; do
  export LOCAL_CLUSTER_DIR=$ROOT/target/cluster-check-$n
  "$CLUSTER" stop
  "$CLUSTER" reset
  trap '"$CLUSTER" stop' EXIT
  "$CLUSTER" start "$n"
  java -Xmx1g -cp "$CLASSPATH" dev.webhookhub.cluster.ClusterCheck \
    --dir "$LOCAL_CLUSTER_DIR" --hubs "$n" --script "$CLUSTER" "$@" \
    | tee "$ROOT/target/cluster-check-$n.txt" || status=1
  "$CLUSTER" stop
  trap - EXIT
done
exit $status
