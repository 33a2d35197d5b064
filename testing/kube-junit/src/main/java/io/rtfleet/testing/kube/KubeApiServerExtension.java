package io.rtfleet.testing.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs one real Kubernetes control plane per test class (see {@link KubeControlPlane}), shared by
 * its tests, and stops it after them, whether they passed or not. Test methods, constructors and
 * lifecycle methods may take the {@link KubeControlPlane} or an admin {@link KubernetesClient}.
 *
 * <pre>{@code
 * @ExtendWith(KubeApiServerExtension.class)
 * class SomethingIT {
 *   @Test
 *   void works(KubernetesClient client) { ... }
 * }
 * }</pre>
 */
public final class KubeApiServerExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KubeApiServerExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    KubeControlPlane controlPlane = KubeControlPlane.start(HarnessBinaries.locate());
    System.err.printf(
        "kube control plane for %s: %s ready in %d ms%n",
        context.getRequiredTestClass().getSimpleName(),
        controlPlane.server(),
        controlPlane.startup().toMillis());
    context.getStore(NAMESPACE).put(KubeControlPlane.class, controlPlane);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    KubeControlPlane controlPlane =
        context.getStore(NAMESPACE).remove(KubeControlPlane.class, KubeControlPlane.class);
    if (controlPlane != null) {
      controlPlane.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KubeControlPlane.class || type == KubernetesClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    KubeControlPlane controlPlane =
        context.getStore(NAMESPACE).get(KubeControlPlane.class, KubeControlPlane.class);
    if (controlPlane == null) {
      throw new IllegalStateException("the control plane starts before all tests of the class");
    }
    return parameter.getParameter().getType() == KubeControlPlane.class
        ? controlPlane
        : controlPlane.client();
  }
}
