#!/usr/bin/env bash
# A single-node Apache Kafka broker (KRaft: broker + controller in one JVM) for Moonbox's
# tests, benchmarks and CI. Kafka is not in Debian, so the broker jars and their runtime
# dependencies are copied from Maven Central once (scripts/kafka/pom.xml) into a cache that
# is not committed.
#
#   bash scripts/kafka/broker.sh start  [--port N] [--controller-port N] [--state DIR]
#   bash scripts/kafka/broker.sh stop   [--port N] [--state DIR]
#   bash scripts/kafka/broker.sh status [--port N] [--state DIR]
#   bash scripts/kafka/broker.sh fetch            # only download the jars
#   bash scripts/kafka/broker.sh reset  [--port N] # stop, then delete the broker's data
#
# start is idempotent: a broker already answering on the port is left alone. It waits until
# the broker answers, then prints the bootstrap address (127.0.0.1:PORT) on stdout; all
# other messages go to stderr. The broker logs to STATE/broker.log.
#
# Environment:
#   MOONBOX_KAFKA_CACHE    jar cache (default ~/.cache/moonbox/kafka)
#   MOONBOX_KAFKA_VERSION  Kafka version (default: the newest of KAFKA_VERSIONS that resolves)
#   MOONBOX_KAFKA_PORT     default port (9092); the controller listens on port+1 by default
#   MOONBOX_KAFKA_STATE    state dir (default ${TMPDIR:-/tmp}/moonbox-kafka-PORT)
#   MOONBOX_KAFKA_HEAP     JVM heap options (default "-Xms128m -Xmx512m")
#   MOONBOX_KAFKA_START_TIMEOUT  seconds to wait for the broker (default 90)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KAFKA_VERSIONS=(3.9.2 3.9.1 3.9.0) # newest first; the first that resolves is used
CACHE="${MOONBOX_KAFKA_CACHE:-${HOME:-/root}/.cache/moonbox/kafka}"

log() { echo "kafka-broker: $*" >&2; }
die() { log "error: $*"; exit 1; }

cmd="${1:-}"
[ -n "$cmd" ] && shift || true
PORT="${MOONBOX_KAFKA_PORT:-9092}"
CPORT=""
STATE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT="$2"; shift 2 ;;
    --port=*) PORT="${1#*=}"; shift ;;
    --controller-port) CPORT="$2"; shift 2 ;;
    --controller-port=*) CPORT="${1#*=}"; shift ;;
    --state) STATE="$2"; shift 2 ;;
    --state=*) STATE="${1#*=}"; shift ;;
    *) die "unknown argument: $1" ;;
  esac
done
[[ "$PORT" =~ ^[0-9]+$ ]] || die "bad --port: $PORT"
CPORT="${CPORT:-$((PORT + 1))}"
STATE="${STATE:-${MOONBOX_KAFKA_STATE:-${TMPDIR:-/tmp}/moonbox-kafka-$PORT}}"
BOOTSTRAP="127.0.0.1:$PORT"
PIDFILE="$STATE/broker.pid"
LOGFILE="$STATE/broker.log"

# ---------------------------------------------------------------- jars

# Prints the lib directory of a complete cached download, fetching it first if needed.
fetch() {
  mkdir -p "$CACHE"
  local versions=("${KAFKA_VERSIONS[@]}")
  [ -n "${MOONBOX_KAFKA_VERSION:-}" ] && versions=("$MOONBOX_KAFKA_VERSION")
  local v
  # a complete cached download of any candidate wins (no network at all)
  for v in "${versions[@]}"; do
    if [ -f "$CACHE/$v/libs/.complete" ]; then echo "$CACHE/$v/libs"; return 0; fi
  done
  command -v mvn >/dev/null || die "maven (mvn) is needed to fetch the Kafka jars"
  exec 8>"$CACHE/.fetch.lock"
  flock 8
  for v in "${versions[@]}"; do
    if [ -f "$CACHE/$v/libs/.complete" ]; then echo "$CACHE/$v/libs"; return 0; fi
    log "fetching org.apache.kafka:kafka_2.13:$v and its runtime dependencies from Maven Central"
    local t0=$SECONDS tmp="$CACHE/$v/libs.tmp"
    rm -rf "$tmp"
    mkdir -p "$tmp"
    if mvn -B -q -f "$HERE/pom.xml" -Dmaven.repo.local="$CACHE/m2" -Dkafka.version="$v" \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp" >"$CACHE/fetch-$v.log" 2>&1 &&
      ls "$tmp"/kafka_2.13-"$v".jar >/dev/null 2>&1; then
      touch "$tmp/.complete"
      rm -rf "$CACHE/$v/libs"
      mv "$tmp" "$CACHE/$v/libs"
      log "fetched Kafka $v ($(ls "$CACHE/$v/libs" | wc -l) jars) in $((SECONDS - t0)) s"
      echo "$CACHE/$v/libs"
      return 0
    fi
    log "Kafka $v did not resolve (see $CACHE/fetch-$v.log)"
    rm -rf "$tmp"
  done
  die "no Kafka version could be fetched (tried: ${versions[*]})"
}

# ---------------------------------------------------------------- broker

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

running_pid() {
  [ -f "$PIDFILE" ] || return 1
  local pid
  pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  # the pid must still be our JVM (pids are reused)
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "kafka.Kafka" || return 1
  echo "$pid"
}

ready() {
  # the port answers and this run of the broker logged that it started
  port_open "$PORT" && grep -q "Kafka Server started" "$LOGFILE" 2>/dev/null
}

write_config() {
  mkdir -p "$STATE/data"
  cat >"$STATE/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CPORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CPORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$STATE/data
num.partitions=1
default.replication.factor=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
# topics are created by their owners (the script store creates its compacted topic)
auto.create.topics.enable=false
# consumers join at once (no 3 s wait for more members)
group.initial.rebalance.delay.ms=0
# small segments and a busy cleaner, so compaction can be seen in tests
log.segment.bytes=1048576
log.cleaner.backoff.ms=1000
log.retention.check.interval.ms=10000
num.network.threads=2
num.io.threads=4
EOF
  cat >"$STATE/log4j.properties" <<EOF
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.kafka.log.LogCleaner=INFO
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.request.logger=WARN
EOF
}

java_opts() {
  # fast JVM start; this broker is for tests, not throughput
  echo "${MOONBOX_KAFKA_HEAP:--Xms128m -Xmx512m} -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -Djava.awt.headless=true -Dlog4j.configuration=file:$STATE/log4j.properties -Dkafka.logs.dir=$STATE"
}

start() {
  mkdir -p "$STATE"
  exec 9>"$STATE/.lock"
  flock 9
  local pid
  if pid="$(running_pid)"; then
    if wait_ready "$pid"; then
      log "already running (pid $pid, $BOOTSTRAP)"
      echo "$BOOTSTRAP"
      return 0
    fi
    die "broker pid $pid runs but does not answer on $BOOTSTRAP (see $LOGFILE)"
  fi
  if port_open "$PORT"; then
    # something we did not start answers on the port: use it if it is Kafka-shaped, but say so
    log "port $PORT is already in use by another process; assuming it is a Kafka broker"
    echo "$BOOTSTRAP"
    return 0
  fi
  command -v java >/dev/null || die "java is needed to run the broker"
  local libs t0=$SECONDS
  libs="$(fetch)"
  write_config
  # shellcheck disable=SC2046
  if [ ! -f "$STATE/data/meta.properties" ]; then
    local cid
    cid="$(java -cp "$libs/*" $(java_opts) kafka.tools.StorageTool random-uuid 2>>"$STATE/format.log" | tail -1)"
    [ -n "$cid" ] || die "StorageTool random-uuid failed (see $STATE/format.log)"
    java -cp "$libs/*" $(java_opts) kafka.tools.StorageTool format -t "$cid" -c "$STATE/server.properties" >>"$STATE/format.log" 2>&1 ||
      die "StorageTool format failed (see $STATE/format.log)"
    log "formatted $STATE/data (cluster id $cid)"
  fi
  echo "=== start $(date -Is) ===" >>"$LOGFILE.history" 2>/dev/null || true
  : >"$LOGFILE"
  # setsid: the broker outlives this shell and the caller's process group
  # shellcheck disable=SC2046
  setsid java -cp "$libs/*" $(java_opts) kafka.Kafka "$STATE/server.properties" >>"$LOGFILE" 2>&1 </dev/null 9>&- 8>&- &
  pid=$!
  echo "$pid" >"$PIDFILE"
  if ! wait_ready "$pid"; then
    tail -n 30 "$LOGFILE" >&2 || true
    die "the broker did not answer on $BOOTSTRAP within ${MOONBOX_KAFKA_START_TIMEOUT:-90} s (log: $LOGFILE)"
  fi
  log "started (pid $pid) on $BOOTSTRAP in $((SECONDS - t0)) s; log: $LOGFILE"
  echo "$BOOTSTRAP"
}

wait_ready() {
  local pid="$1" deadline=$((SECONDS + ${MOONBOX_KAFKA_START_TIMEOUT:-90}))
  while [ $SECONDS -lt $deadline ]; do
    ready && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}

stop() {
  mkdir -p "$STATE"
  exec 9>"$STATE/.lock"
  flock 9
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PIDFILE"
    log "not running ($BOOTSTRAP)"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid did not stop in 30 s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$PIDFILE"
  log "stopped (pid $pid, $BOOTSTRAP)"
}

status() {
  local pid
  if pid="$(running_pid)" && port_open "$PORT"; then
    log "running (pid $pid) on $BOOTSTRAP; log: $LOGFILE"
    echo "$BOOTSTRAP"
    return 0
  fi
  if port_open "$PORT"; then
    log "port $PORT answers (a broker this script did not start)"
    echo "$BOOTSTRAP"
    return 0
  fi
  log "not running ($BOOTSTRAP)"
  return 3
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  restart) stop; start ;;
  fetch) fetch ;;
  reset) stop; rm -rf "$STATE/data" "$STATE/server.properties"; log "data removed ($STATE)" ;;
  *) echo "usage: $0 start|stop|status|restart|reset|fetch [--port N] [--controller-port N] [--state DIR]" >&2; exit 2 ;;
esac
