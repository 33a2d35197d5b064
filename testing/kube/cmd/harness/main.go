// Command harness runs a real Kubernetes control plane on loopback for rtfleet's tests, as
// controller-runtime's envtest does: etcd, kube-apiserver (RBAC, the default admission plugins,
// its own CA, serving certificate and service-account keys) and kube-controller-manager (garbage
// collection, PodDisruptionBudget status, service-account tokens), each on a free port, in a
// temporary directory. Once the API server answers /readyz and the controllers have made the
// default ServiceAccount, it writes a kubeconfig and prints one JSON line describing the control
// plane. It stops everything on SIGTERM or SIGINT, when its standard input closes (with -stdin,
// so that a test JVM that dies takes the control plane with it), or when a component dies.
package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// ready is what the harness prints once the control plane can be used.
type ready struct {
	Server        string `json:"server"`
	Kubeconfig    string `json:"kubeconfig"`
	Dir           string `json:"dir"`
	CA            string `json:"ca"`
	WebhookCert   string `json:"webhookCert"`
	WebhookKey    string `json:"webhookKey"`
	StartupMillis int64  `json:"startupMillis"`
	Pid           int    `json:"pid"`
}

func main() {
	exe, _ := os.Executable()
	bin := flag.String("bin", filepath.Dir(exe), "directory holding etcd, kube-apiserver and kube-controller-manager")
	dir := flag.String("dir", "", "working directory (default: a new temporary directory, removed at stop)")
	watchStdin := flag.Bool("stdin", false, "stop when standard input closes")
	timeout := flag.Duration("timeout", 90*time.Second, "how long to wait for the control plane to become ready")
	flag.Parse()

	if err := run(*bin, *dir, *watchStdin, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "harness:", err)
		os.Exit(1)
	}
}

func run(bin, dir string, watchStdin bool, timeout time.Duration) error {
	started := time.Now()
	removeDir := false
	if dir == "" {
		d, err := os.MkdirTemp("", "rtfleet-kube-")
		if err != nil {
			return err
		}
		dir, removeDir = d, true
	} else if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	stop := make(chan string, 4)
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	go func() { stop <- "signal " + (<-signals).String() }()
	if watchStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop <- "standard input closed"
		}()
	}

	var children []*child
	defer func() {
		for i := len(children) - 1; i >= 0; i-- {
			children[i].stop(10 * time.Second)
		}
		if removeDir {
			_ = os.RemoveAll(dir)
		}
	}()

	creds, err := writeCredentials(dir)
	if err != nil {
		return fmt.Errorf("credentials: %w", err)
	}
	deadline := time.Now().Add(timeout)

	etcd, etcdURL, err := startEtcd(dir, bin)
	if err != nil {
		return err
	}
	children = append(children, etcd)
	plain := &http.Client{Timeout: 2 * time.Second}
	if err := waitFor(etcd, dir, deadline, stop, func() bool { return answers(plain, etcdURL+"/health") }); err != nil {
		return err
	}

	port, err := freePort()
	if err != nil {
		return err
	}
	server := "https://127.0.0.1:" + strconv.Itoa(port)
	apiserver, err := startChild(dir, bin, "kube-apiserver",
		"--etcd-servers="+etcdURL,
		"--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", "--secure-port="+strconv.Itoa(port),
		"--cert-dir="+dir,
		"--tls-cert-file="+creds.ServingCert, "--tls-private-key-file="+creds.ServingKey,
		"--client-ca-file="+creds.CA,
		"--service-account-key-file="+creds.ServiceAccountPub,
		"--service-account-signing-key-file="+creds.ServiceAccountKey,
		"--service-account-issuer=https://kubernetes.default.svc",
		"--service-cluster-ip-range=10.0.0.0/24",
		"--authorization-mode=RBAC",
		"--allow-privileged=true",
		// The "kubernetes" Service's endpoints would name this address, and loopback is refused
		// there; nothing in the tests reaches the API server through that Service.
		"--endpoint-reconciler-type=none",
		"--profiling=false")
	if err != nil {
		return err
	}
	children = append(children, apiserver)
	admin, err := adminClient(creds)
	if err != nil {
		return err
	}
	if err := waitFor(apiserver, dir, deadline, stop, func() bool { return answers(admin, server+"/readyz") }); err != nil {
		return err
	}

	kubeconfig := filepath.Join(dir, "kubeconfig")
	if err := writeKubeconfig(kubeconfig, server, creds); err != nil {
		return err
	}
	controllers, err := startChild(dir, bin, "kube-controller-manager",
		"--kubeconfig="+kubeconfig,
		"--secure-port=0",
		"--leader-elect=false",
		"--controllers=*",
		"--service-account-private-key-file="+creds.ServiceAccountKey,
		"--root-ca-file="+creds.CA,
		"--use-service-account-credentials=false",
		"--profiling=false")
	if err != nil {
		return err
	}
	children = append(children, controllers)
	// The ServiceAccount controller makes "default" in every namespace; once it exists the
	// controllers run and pods can be created.
	defaultAccount := server + "/api/v1/namespaces/default/serviceaccounts/default"
	if err := waitFor(controllers, dir, deadline, stop, func() bool { return answers(admin, defaultAccount) }); err != nil {
		return err
	}

	line, _ := json.Marshal(ready{
		Server: server, Kubeconfig: kubeconfig, Dir: dir, CA: creds.CA,
		WebhookCert: creds.WebhookCert, WebhookKey: creds.WebhookKey,
		StartupMillis: time.Since(started).Milliseconds(), Pid: os.Getpid(),
	})
	fmt.Println(string(line))

	for {
		select {
		case why := <-stop:
			fmt.Fprintln(os.Stderr, "harness: stopping:", why)
			return nil
		case <-time.After(500 * time.Millisecond):
			for _, c := range children {
				if gone, err := c.exited(); gone {
					return fmt.Errorf("%s exited (%v); its log: %s", c.name, err, filepath.Join(dir, c.name+".log"))
				}
			}
		}
	}
}

func startEtcd(dir, bin string) (*child, string, error) {
	clientPort, err := freePort()
	if err != nil {
		return nil, "", err
	}
	peerPort, err := freePort()
	if err != nil {
		return nil, "", err
	}
	clientURL := "http://127.0.0.1:" + strconv.Itoa(clientPort)
	peerURL := "http://127.0.0.1:" + strconv.Itoa(peerPort)
	c, err := startChild(dir, bin, "etcd",
		"--name=harness", "--data-dir="+filepath.Join(dir, "etcd"),
		"--listen-client-urls="+clientURL, "--advertise-client-urls="+clientURL,
		"--listen-peer-urls="+peerURL, "--initial-advertise-peer-urls="+peerURL,
		"--initial-cluster=harness="+peerURL,
		// A test cluster is thrown away: durability buys nothing and costs seconds.
		"--unsafe-no-fsync=true",
		"--log-level=warn")
	return c, clientURL, err
}

// waitFor polls until ok, failing early if the process died or a stop was asked for.
func waitFor(c *child, dir string, deadline time.Time, stop chan string, ok func() bool) error {
	for {
		if ok() {
			return nil
		}
		if gone, err := c.exited(); gone {
			return fmt.Errorf("%s exited during start-up (%v); its log: %s", c.name, err, filepath.Join(dir, c.name+".log"))
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not ready in time; its log: %s", c.name, filepath.Join(dir, c.name+".log"))
		}
		select {
		case why := <-stop:
			return errors.New("stopped during start-up: " + why)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func answers(client *http.Client, url string) bool {
	resp, err := client.Get(url)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode == http.StatusOK
}

func adminClient(c *credentials) (*http.Client, error) {
	cert, err := tls.LoadX509KeyPair(c.AdminCert, c.AdminKey)
	if err != nil {
		return nil, err
	}
	caPEM, err := os.ReadFile(c.CA)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	return &http.Client{
		Timeout:   2 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{cert}}},
	}, nil
}

func writeKubeconfig(path, server string, c *credentials) error {
	data := func(file string) (string, error) {
		b, err := os.ReadFile(file)
		return base64.StdEncoding.EncodeToString(b), err
	}
	ca, err := data(c.CA)
	if err != nil {
		return err
	}
	cert, err := data(c.AdminCert)
	if err != nil {
		return err
	}
	key, err := data(c.AdminKey)
	if err != nil {
		return err
	}
	config := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: harness
  cluster:
    server: %s
    certificate-authority-data: %s
users:
- name: admin
  user:
    client-certificate-data: %s
    client-key-data: %s
contexts:
- name: harness
  context:
    cluster: harness
    user: admin
    namespace: default
current-context: harness
`, server, ca, cert, key)
	return os.WriteFile(path, []byte(config), 0o600)
}
