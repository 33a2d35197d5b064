package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// authority is the control plane's own certificate authority: it signs the API server's
// serving certificate, the admin's client certificate and the certificate a test's admission
// webhook serves, and the API server trusts client certificates it signed.
type authority struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

// credentials names the PEM files the control plane and its clients read.
type credentials struct {
	CA, ServingCert, ServingKey, AdminCert, AdminKey              string
	WebhookCert, WebhookKey, ServiceAccountKey, ServiceAccountPub string
}

func newAuthority() (*authority, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	template := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: "rtfleet-test-ca"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(7 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &authority{cert: cert, key: key, pem: pemBlock("CERTIFICATE", der)}, nil
}

// issue signs a certificate for a server (with the given addresses and names) or, with none,
// for a client whose user and groups are the subject's common name and organisations. Its key is
// RSA, which every client reads (Fabric8 reads EC keys only with BouncyCastle), written as PKCS #1
// (as kubeadm writes it) or PKCS #8 (which the JDK reads).
func (ca *authority) issue(subject pkix.Name, ips []net.IP, names []string, asPKCS8 bool) (certPEM, keyPEM []byte, err error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, nil, err
	}
	usage := x509.ExtKeyUsageClientAuth
	if len(ips) > 0 || len(names) > 0 {
		usage = x509.ExtKeyUsageServerAuth
	}
	template := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      subject,
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(7 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{usage},
		IPAddresses:  ips,
		DNSNames:     names,
	}
	der, err := x509.CreateCertificate(rand.Reader, template, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		return nil, nil, err
	}
	if asPKCS8 {
		keyPEM, err = pkcs8(key)
		if err != nil {
			return nil, nil, err
		}
	} else {
		keyPEM = pemBlock("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(key))
	}
	return pemBlock("CERTIFICATE", der), keyPEM, nil
}

// writeCredentials generates every key and certificate into dir; private keys are 0600.
func writeCredentials(dir string) (*credentials, error) {
	ca, err := newAuthority()
	if err != nil {
		return nil, err
	}
	c := &credentials{
		CA:                filepath.Join(dir, "ca.crt"),
		ServingCert:       filepath.Join(dir, "apiserver.crt"),
		ServingKey:        filepath.Join(dir, "apiserver.key"),
		AdminCert:         filepath.Join(dir, "admin.crt"),
		AdminKey:          filepath.Join(dir, "admin.key"),
		WebhookCert:       filepath.Join(dir, "webhook.crt"),
		WebhookKey:        filepath.Join(dir, "webhook.key"),
		ServiceAccountKey: filepath.Join(dir, "sa.key"),
		ServiceAccountPub: filepath.Join(dir, "sa.pub"),
	}
	loopback := []net.IP{net.ParseIP("127.0.0.1")}
	serving, servingKey, err := ca.issue(pkix.Name{CommonName: "kube-apiserver"},
		append(loopback, net.ParseIP("10.0.0.1")),
		[]string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc"}, false)
	if err != nil {
		return nil, err
	}
	admin, adminKey, err := ca.issue(
		pkix.Name{CommonName: "rtfleet-admin", Organization: []string{"system:masters"}}, nil, nil, false)
	if err != nil {
		return nil, err
	}
	webhook, webhookKey, err := ca.issue(pkix.Name{CommonName: "webhook"}, loopback, []string{"localhost"}, true)
	if err != nil {
		return nil, err
	}
	saKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	saKeyPEM, err := pkcs8(saKey)
	if err != nil {
		return nil, err
	}
	saPubDER, err := x509.MarshalPKIXPublicKey(&saKey.PublicKey)
	if err != nil {
		return nil, err
	}
	files := []struct {
		path   string
		data   []byte
		secret bool
	}{
		{c.CA, ca.pem, false},
		{c.ServingCert, serving, false}, {c.ServingKey, servingKey, true},
		{c.AdminCert, admin, false}, {c.AdminKey, adminKey, true},
		{c.WebhookCert, webhook, false}, {c.WebhookKey, webhookKey, true},
		{c.ServiceAccountKey, saKeyPEM, true}, {c.ServiceAccountPub, pemBlock("PUBLIC KEY", saPubDER), false},
	}
	for _, f := range files {
		mode := os.FileMode(0o644)
		if f.secret {
			mode = 0o600
		}
		if err := os.WriteFile(f.path, f.data, mode); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func pkcs8(key any) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	return pemBlock("PRIVATE KEY", der), nil
}

func pemBlock(kind string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der})
}

func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		panic(err)
	}
	return n
}
