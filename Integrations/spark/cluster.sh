#!/usr/bin/env bash
# Starts and stops a standalone Apache Spark cluster on 127.0.0.1: one Master and one Worker,
# run by the spark-daemon.sh script of the installed PySpark distribution (the script that
# Spark's start-master.sh / start-worker.sh call), with logs, pid files and the Worker's work
# folder under one state folder.
#
#   Integrations/spark/cluster.sh start [options]   prints the master URL spark://127.0.0.1:PORT
#                                                   once the Worker has registered
#   Integrations/spark/cluster.sh stop  [--dir DIR] stops the Worker and the Master of DIR
#   Integrations/spark/cluster.sh status [--dir DIR]
#
# Options of start:
#   --dir DIR          state folder (default: $CLASSIFY_SPARK_CLUSTER_DIR, else
#                      ${TMPDIR:-/tmp}/classify-spark-cluster); logs in DIR/logs
#   --port PORT        the Master's port (default: a free one)
#   --webui-port PORT  the Master's web UI port (default: a free one)
#   --cores N          the Worker's cores (default: 2)
#   --memory SIZE      the Worker's memory for executors (default: 2g)
#   --timeout SECONDS  how long to wait for the Worker to register (default: 90)
#
# Example:
#   url=$(Integrations/spark/cluster.sh start --dir /tmp/spark-demo)
#   spark-submit --master "$url" Integrations/spark/classify_spark.py predict ...
#   Integrations/spark/cluster.sh stop --dir /tmp/spark-demo
#
# Only the URL goes to standard output; progress goes to standard error. The Python that runs
# PySpark is $PYSPARK_PYTHON, else python3, else the virtual environment install.sh made.
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
say() { echo "cluster.sh: $*" >&2; }
die() { echo "cluster.sh: error: $*" >&2; exit 1; }

action="${1:-}"
[ $# -gt 0 ] && shift
case "$action" in
  start | stop | status) ;;
  -h | --help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac

dir="${CLASSIFY_SPARK_CLUSTER_DIR:-${TMPDIR:-/tmp}/classify-spark-cluster}"
port="" webui_port="" cores=2 memory=2g timeout=90
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --webui-port) webui_port="$2"; shift 2 ;;
    --cores) cores="$2"; shift 2 ;;
    --memory) memory="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

# The Python that imports pyspark.
find_python() {
  local venv="${CLASSIFY_SPARK_VENV:-$HOME/.local/share/classify-spark/venv}"
  local candidate
  for candidate in "${PYSPARK_PYTHON:-}" python3 "$venv/bin/python"; do
    if [ -n "$candidate" ] && command -v "$candidate" >/dev/null &&
      "$candidate" -c 'import pyspark' 2>/dev/null; then
      "$candidate" -c 'import sys; print(sys.executable)'
      return
    fi
  done
  die "no Python imports pyspark; run Integrations/spark/install.sh"
}

python=$(find_python)
SPARK_HOME=$("$python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')
if [ "$action" = start ]; then
  mkdir -p "$dir"
elif [ ! -d "$dir" ]; then
  echo "cluster.sh: no cluster state in $dir" >&2
  [ "$action" = stop ] && exit 0 || exit 1
fi
dir=$(cd "$dir" && pwd)
export SPARK_HOME PYSPARK_PYTHON="$python"
export SPARK_LOG_DIR="$dir/logs" SPARK_PID_DIR="$dir/pids" SPARK_WORKER_DIR="$dir/work"
export SPARK_IDENT_STRING=classify SPARK_LOCAL_IP=127.0.0.1 SPARK_MASTER_HOST=127.0.0.1
export OPENBLAS_NUM_THREADS=1

master_class=org.apache.spark.deploy.master.Master
worker_class=org.apache.spark.deploy.worker.Worker
daemon() { "$SPARK_HOME/sbin/spark-daemon.sh" "$@" >&2; }
pid_of() { cat "$SPARK_PID_DIR/spark-$SPARK_IDENT_STRING-$1-1.pid" 2>/dev/null || true; }
alive() { local pid; pid=$(pid_of "$1"); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

free_port() {
  "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The number of alive workers the Master's web UI reports (0 while it does not answer).
alive_workers() {
  "$python" - "$1" <<'EOF'
import json, sys, urllib.request
try:
    with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/json/", timeout=2) as answer:
        print(json.load(answer).get("aliveworkers", 0))
except Exception:
    print(0)
EOF
}

stop_cluster() {
  local class pid
  for class in "$worker_class" "$master_class"; do
    pid=$(pid_of "$class")
    daemon stop "$class" 1
    if [ -n "$pid" ]; then
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    fi
  done
  rm -f "$dir/master-url" "$dir/webui-port"
}

show_logs() {
  local log
  for log in "$SPARK_LOG_DIR"/*.out; do
    [ -f "$log" ] && { echo "--- $log" >&2; tail -15 "$log" >&2; }
  done
}

start_cluster() {
  if alive "$master_class" && [ -f "$dir/master-url" ]; then
    say "already running (state in $dir)"
    cat "$dir/master-url"
    return
  fi
  port="${port:-$(free_port)}"
  webui_port="${webui_port:-$(free_port)}"
  local worker_webui_port url
  worker_webui_port=$(free_port)
  url="spark://127.0.0.1:$port"
  mkdir -p "$SPARK_LOG_DIR" "$SPARK_PID_DIR" "$SPARK_WORKER_DIR"
  say "SPARK_HOME $SPARK_HOME; state in $dir"
  daemon start "$master_class" 1 --host 127.0.0.1 --port "$port" --webui-port "$webui_port"
  daemon start "$worker_class" 1 --host 127.0.0.1 --webui-port "$worker_webui_port" \
    --cores "$cores" --memory "$memory" --work-dir "$SPARK_WORKER_DIR" "$url"
  local waited=0
  until [ "$(alive_workers "$webui_port")" -ge 1 ]; do
    if [ "$waited" -ge "$timeout" ] || ! alive "$master_class" || ! alive "$worker_class"; then
      show_logs
      stop_cluster
      die "the Worker did not register with the Master within ${waited} s (logs above)"
    fi
    sleep 1
    waited=$((waited + 1))
  done
  echo "$url" > "$dir/master-url"
  echo "$webui_port" > "$dir/webui-port"
  say "Master $url (web UI http://127.0.0.1:$webui_port), Worker with $cores cores and $memory registered"
  echo "$url"
}

status_cluster() {
  if alive "$master_class" && [ -f "$dir/master-url" ]; then
    echo "running: $(cat "$dir/master-url"), $(alive_workers "$(cat "$dir/webui-port")") alive worker(s); state in $dir"
  else
    echo "not running (state folder $dir)"
    return 1
  fi
}

case "$action" in
  start) start_cluster ;;
  stop) stop_cluster ;;
  status) status_cluster ;;
esac
