package dev.transitsidecar.reliability;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The number of tries of a jqwik property, by build: {@code quick} in the default build, {@code full} in the
 * reliability profile ({@link ReliabilityReport#scale(int, int)}). {@code @Property(tries = ...)} is a constant, so
 * the hook sets the property's tries before it runs.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@AddLifecycleHook(ScaledTries.Hook.class)
public @interface ScaledTries {
  int quick();

  int full();

  /** Sets the tries from the annotation. */
  final class Hook implements AroundPropertyHook {
    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
      context.findAnnotation(ScaledTries.class)
          .ifPresent(tries -> context.attributes().setTries(ReliabilityReport.scale(tries.quick(), tries.full())));
      return property.execute();
    }
  }
}
