package io.rtfleet.api.crd;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;

/** The node pod: image, resources, JVM and node options, extra environment. */
public final class NodeTemplate {
  /** The realtime-node image. */
  @Required
  @Pattern("^\\S+$")
  private String image;

  @Pattern("^(Always|IfNotPresent|Never)$")
  private String imagePullPolicy;

  /** Requests and limits of the node container. */
  private ResourceRequirements resources;

  /** Options for the JVM, such as {@code -Xmx2g}. */
  private List<String> jvmOptions;

  /** The node's own options. */
  private NodeOptions options;

  /** More environment for the node container. */
  private List<EnvVar> env;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getImagePullPolicy() {
    return imagePullPolicy;
  }

  public void setImagePullPolicy(String imagePullPolicy) {
    this.imagePullPolicy = imagePullPolicy;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public List<String> getJvmOptions() {
    return jvmOptions;
  }

  public void setJvmOptions(List<String> jvmOptions) {
    this.jvmOptions = jvmOptions;
  }

  public NodeOptions getOptions() {
    return options;
  }

  public void setOptions(NodeOptions options) {
    this.options = options;
  }

  public List<EnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<EnvVar> env) {
    this.env = env;
  }
}
