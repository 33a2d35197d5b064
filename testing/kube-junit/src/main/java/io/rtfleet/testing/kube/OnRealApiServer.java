package io.rtfleet.testing.kube;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that runs against a real control plane ({@link KubeApiServerExtension}): tagged
 * {@code kube}, and run only with {@code -Pkube} (which sets {@code rtfleet.kube=true}), since it
 * needs the harness built.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@EnabledIfSystemProperty(
    named = "rtfleet.kube",
    matches = "true",
    disabledReason = "runs against a real kube-apiserver: mvn verify -Pkube")
@ExtendWith(KubeApiServerExtension.class)
@Tag("kube")
public @interface OnRealApiServer {}
