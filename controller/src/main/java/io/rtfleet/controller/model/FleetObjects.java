package io.rtfleet.controller.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a fleet needs besides its pods, as the operator creates it: the Secret of its three secrets,
 * a headless Service for the nodes' peer links, the client Service (gateway and REST), and a
 * PodDisruptionBudget that lets no voluntary disruption through (the operator drains nodes itself;
 * an eviction is turned into a drain by the webhook). Pure, except that a new Secret's values come
 * from the {@link SecureRandom} given.
 */
public final class FleetObjects {
  public static final String TOKEN_SECRET_KEY = "token-secret";
  public static final String ADMIN_TOKEN_KEY = "admin-token";
  public static final String FLEET_SECRET_KEY = "fleet-secret";

  private FleetObjects() {}

  public static String secretName(String fleet) {
    return fleet + "-secrets";
  }

  public static String peerServiceName(String fleet) {
    return fleet + "-peers";
  }

  public static String clientServiceName(String fleet) {
    return fleet;
  }

  public static String budgetName(String fleet) {
    return fleet;
  }

  /**
   * The admin API's bearer token from the fleet's Secret ({@link #newSecret}); null if it has none.
   */
  public static String adminToken(Secret secret) {
    String encoded = secret.getData() == null ? null : secret.getData().get(ADMIN_TOKEN_KEY);
    return encoded == null
        ? null
        : new String(Base64.getDecoder().decode(encoded), StandardCharsets.US_ASCII);
  }

  /**
   * The fleet's secrets, made once: the client token signing secret, the admin API's bearer token
   * and the peer links' shared secret, 32 random bytes each. Never logged.
   */
  public static Secret newSecret(
      String namespace, String fleet, OwnerReference owner, SecureRandom random) {
    Map<String, String> data = new LinkedHashMap<>();
    for (String key : new String[] {TOKEN_SECRET_KEY, ADMIN_TOKEN_KEY, FLEET_SECRET_KEY}) {
      byte[] value = new byte[32];
      random.nextBytes(value);
      // The node reads each file as text: the secret is the base64 of the bytes.
      String text = Base64.getUrlEncoder().withoutPadding().encodeToString(value);
      data.put(key, Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII)));
    }
    return new SecretBuilder()
        .withNewMetadata()
        .withName(secretName(fleet))
        .withNamespace(namespace)
        .withLabels(FleetLabels.owned(fleet))
        .withOwnerReferences(owner)
        .endMetadata()
        .withType("Opaque")
        .withData(data)
        .build();
  }

  /** Every node's peer address, ready or not: a node that is starting must reach the others. */
  public static Service peerService(String namespace, String fleet, OwnerReference owner) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(peerServiceName(fleet))
        .withNamespace(namespace)
        .withLabels(FleetLabels.owned(fleet))
        .withOwnerReferences(owner)
        .endMetadata()
        .withNewSpec()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(FleetLabels.selector(fleet))
        .addNewPort()
        .withName("peer")
        .withPort(NodePods.PEER_PORT)
        .withTargetPort(new IntOrString(NodePods.PEER_PORT))
        .endPort()
        .endSpec()
        .build();
  }

  /** The gateway and REST port of the ready nodes: where clients connect and reconnect. */
  public static Service clientService(String namespace, String fleet, OwnerReference owner) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(clientServiceName(fleet))
        .withNamespace(namespace)
        .withLabels(FleetLabels.owned(fleet))
        .withOwnerReferences(owner)
        .endMetadata()
        .withNewSpec()
        .withSelector(FleetLabels.selector(fleet))
        .addNewPort()
        .withName("gateway")
        .withPort(NodePods.GATEWAY_PORT)
        .withTargetPort(new IntOrString(NodePods.GATEWAY_PORT))
        .endPort()
        .endSpec()
        .build();
  }

  /**
   * No voluntary disruption at all: a node is only ever removed by the operator, after a drain.
   * While the eviction webhook is down, {@code kubectl drain} therefore waits instead of killing
   * nodes that hold sessions.
   */
  public static PodDisruptionBudget budget(String namespace, String fleet, OwnerReference owner) {
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata()
        .withName(budgetName(fleet))
        .withNamespace(namespace)
        .withLabels(FleetLabels.owned(fleet))
        .withOwnerReferences(owner)
        .endMetadata()
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(0))
        .withNewSelector()
        .withMatchLabels(FleetLabels.selector(fleet))
        .endSelector()
        .endSpec()
        .build();
  }
}
