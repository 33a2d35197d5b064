package io.rtfleet.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The RBAC authorizer: a ServiceAccount may do what its Role grants and nothing else. */
@ExtendWith(KubeApiServerExtension.class)
@Tag("kube")
class RbacIT {

  private static final String NAMESPACE = "narrow";
  private static final String ACCOUNT = "system:serviceaccount:" + NAMESPACE + ":reader";

  @BeforeAll
  static void aReaderOfConfigMaps(KubernetesClient client) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    client
        .serviceAccounts()
        .inNamespace(NAMESPACE)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("reader").endMetadata().build())
        .create();
    client
        .rbac()
        .roles()
        .inNamespace(NAMESPACE)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName("configmap-reader")
                .endMetadata()
                .addNewRule()
                .withApiGroups("")
                .withResources("configmaps")
                .withVerbs("get", "list", "watch")
                .endRule()
                .build())
        .create();
    client
        .rbac()
        .roleBindings()
        .inNamespace(NAMESPACE)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("reader-reads-configmaps")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "configmap-reader")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("reader")
                .withNamespace(NAMESPACE)
                .endSubject()
                .build())
        .create();
    client
        .configMaps()
        .inNamespace(NAMESPACE)
        .resource(
            new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata().build())
        .create();
  }

  @Test
  void kubectlAuthCanIAnswersByTheRole(KubeControlPlane cluster) {
    assertThat(canI(cluster, "list", "configmaps")).isEqualTo("yes");
    assertThat(canI(cluster, "get", "configmaps")).isEqualTo("yes");
    assertThat(canI(cluster, "delete", "configmaps")).isEqualTo("no");
    assertThat(canI(cluster, "list", "secrets")).isEqualTo("no");
    assertThat(canI(cluster, "list", "configmaps", "-n", "default")).isEqualTo("no");
  }

  @Test
  void theAccountsOwnTokenIsAllowedWhatTheRoleGrantsAndRefusedTheRest(KubeControlPlane cluster) {
    String token =
        cluster
            .client()
            .serviceAccounts()
            .inNamespace(NAMESPACE)
            .withName("reader")
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    KubernetesClient reader =
        cluster.client(
            new ConfigBuilder()
                .withMasterUrl(cluster.server())
                .withCaCertFile(cluster.caCertificate().toString())
                .withOauthToken(token)
                .withNamespace(NAMESPACE)
                .build());

    assertThat(reader.configMaps().list().getItems())
        .extracting(c -> c.getMetadata().getName())
        .contains("settings");
    assertThatThrownBy(() -> reader.configMaps().withName("settings").delete())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(403);
              assertThat(e.getMessage()).contains(ACCOUNT).contains("cannot delete");
            });
    assertThatThrownBy(() -> reader.secrets().list())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    assertThat(cluster.client().configMaps().inNamespace(NAMESPACE).withName("settings").get())
        .isNotNull();
  }

  private static String canI(
      KubeControlPlane cluster, String verb, String resource, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("auth", "can-i", verb, resource, "--as=" + ACCOUNT, "-n", NAMESPACE));
    args.addAll(List.of(more));
    return cluster.kubectl(args.toArray(String[]::new)).stdout().trim();
  }
}
