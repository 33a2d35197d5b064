package io.rtfleet.node.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How the node reads JSON that clients send, on the gateway and on REST alike: a repeated key is an
 * error (not "the last one wins", which lets two readers of one payload disagree), and nesting is
 * bounded.
 */
public final class StrictJson {
  public static final ObjectMapper MAPPER =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())
              .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
              .build());

  private StrictJson() {}
}
