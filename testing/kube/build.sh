#!/usr/bin/env bash
# Builds the Kubernetes test harness (etcd, kube-apiserver, kube-controller-manager, kubectl
# and the harness launcher) from the Go modules pinned in go.mod, once per machine: the
# binaries are cached under $RTFLEET_KUBE_CACHE (default ~/.cache/rtfleet/kube), keyed by the
# Kubernetes release and a hash of this module's sources. Prints the binaries' directory.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

release="$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v/ { print $2 }' go.mod)"
[[ -n "$release" ]] || { echo "go.mod names no k8s.io/kubernetes version" >&2; exit 2; }
minor="$(echo "$release" | cut -d. -f2)"
# The servers depend only on the pinned modules (and the flags below: bump "layout" when they
# change); the harness launcher also on its own sources, so it is rebuilt alone when they change.
layout=1
key="$( (echo "$layout"; cat go.mod go.sum cmd/etcd/main.go) | sha256sum | cut -c1-12)"
launcher_key="$(cat cmd/harness/*.go | sha256sum | cut -c1-12)"
cache="${RTFLEET_KUBE_CACHE:-$HOME/.cache/rtfleet/kube}"
bin="$cache/$release-$key/bin"
servers=(kube-apiserver kube-controller-manager kubectl etcd)

missing=()
for b in "${servers[@]}"; do [[ -x "$bin/$b" ]] || missing+=("$b"); done
[[ -x "$bin/harness" && "$(cat "$bin/harness.key" 2>/dev/null)" == "$launcher_key" ]] || missing+=(harness)
if (( ${#missing[@]} == 0 )); then
  echo "kube harness $release: cached in $bin" >&2
  echo "$bin"
  exit 0
fi

command -v go >/dev/null || { echo "go is needed to build the kube test harness (only the harness; rtfleet is Java)" >&2; exit 2; }
started=$(date +%s)
mkdir -p "$bin"
chmod 755 "$cache" "$bin" 2>/dev/null || true
# Stamp the release into the binaries, as Kubernetes' own build does, so that `kubectl version`
# and the API server's /version say which release this is.
stamp=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  stamp+=" -X $pkg.gitVersion=$release -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
done
flags=(-trimpath -ldflags "-s -w$stamp")
echo "kube harness $release: building ${missing[*]} into $bin (the first build on a machine takes ~12 min)" >&2
for target in "${missing[@]}"; do
  case "$target" in
    etcd | harness) package="./cmd/$target" ;;
    *) package="k8s.io/kubernetes/cmd/$target" ;;
  esac
  echo "  $target" >&2
  # Built beside and renamed, so that an interrupted build never leaves a broken binary.
  go build "${flags[@]}" -o "$bin/.$target.new" "$package"
  mv "$bin/.$target.new" "$bin/$target"
done
echo "$launcher_key" >"$bin/harness.key"
echo "kube harness $release: built in $(( $(date +%s) - started )) s" >&2
echo "$bin"
