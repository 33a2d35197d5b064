#!/usr/bin/env bash
# A real Kubernetes control plane on loopback, for people (tests use the JUnit extension
# io.rtfleet.testing.kube.KubeApiServerExtension):
#   testing/kube/kube.sh start    build (once, cached), start, print the kubeconfig to use
#   testing/kube/kube.sh status   is it running, and where
#   testing/kube/kube.sh stop     stop it; no process is left behind
# State lives in .rtfleet/kube/ at the repository's root.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
state="$(cd "$here/../.." && pwd)/.rtfleet/kube"
pidfile="$state/harness.pid"

running() { [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

case "${1:-}" in
  start)
    if running; then
      echo "already running (pid $(cat "$pidfile")); kubeconfig: $state/kubeconfig" >&2
      exit 1
    fi
    bin="$("$here/build.sh")"
    rm -rf "$state" && mkdir -p "$state"
    nohup "$bin/harness" -dir "$state" >"$state/ready.json" 2>"$state/harness.log" </dev/null &
    echo $! >"$pidfile"
    for _ in $(seq 1 900); do
      if [[ -s "$state/ready.json" ]]; then
        echo "kube-apiserver $(grep -o '"server":"[^"]*"' "$state/ready.json" | cut -d'"' -f4) is ready" \
          "($(grep -o '"startupMillis":[0-9]*' "$state/ready.json" | cut -d: -f2) ms)"
        echo "  export KUBECONFIG=$state/kubeconfig"
        echo "  $bin/kubectl get namespaces"
        echo "  $0 stop"
        exit 0
      fi
      if ! running; then
        echo "the control plane did not start:" >&2
        cat "$state/harness.log" >&2
        exit 1
      fi
      sleep 0.1
    done
    echo "not ready after 90 s; see $state/*.log" >&2
    exit 1
    ;;
  stop)
    if ! running; then
      echo "not running" >&2
      exit 0
    fi
    pid="$(cat "$pidfile")"
    kill -TERM "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    rm -f "$pidfile"
    echo "stopped"
    ;;
  status)
    if running; then
      echo "running (pid $(cat "$pidfile")); kubeconfig: $state/kubeconfig"
    else
      echo "not running"
      exit 3
    fi
    ;;
  *)
    echo "usage: $0 start|status|stop" >&2
    exit 2
    ;;
esac
