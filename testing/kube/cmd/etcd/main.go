// Command etcd is etcd's own server, built from its Go module at the version the pinned
// Kubernetes release uses, so that the harness does not depend on a distribution's etcd.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
