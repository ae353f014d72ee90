package dev.transitsidecar.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/** fabric8's model keeps fields it does not know in additionalProperties instead of failing; this looks there. */
public final class KnownFields {
  private KnownFields() {}

  /** fabric8's Kubernetes, cert-manager and Prometheus Operator models. */
  private static boolean isModel(String packageName) {
    return packageName.startsWith("io.fabric8.") && packageName.contains(".api.model");
  }

  /** Walks a fabric8 object and fails on the first field, at any depth, that the model did not know. */
  public static void assertAllKnown(Object node, String path) {
    if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        assertAllKnown(list.get(i), path + "[" + i + "]");
      }
      return;
    }
    if (node == null || !isModel(node.getClass().getPackageName())) {
      return;
    }
    for (java.lang.reflect.Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(node);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        assertThat((Map<?, ?>) value).as(path + ": fields the model does not know").isEmpty();
      } else {
        assertAllKnown(value, path + "." + getter.getName().substring(3));
      }
    }
  }}
