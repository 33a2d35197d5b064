package io.rtfleet.cli.bench;

/** Checks of command-line values; a failure is a usage error that names the option. */
final class Arguments {
  private Arguments() {}

  static void atLeast(String option, long value, long minimum) {
    if (value < minimum) {
      throw new IllegalArgumentException(option + " must be at least " + minimum + ": " + value);
    }
  }

  static void positive(String option, double value) {
    if (!(value > 0)) {
      throw new IllegalArgumentException(option + " must be positive: " + value);
    }
  }

  static void between(String option, double value, double low, double high) {
    if (!(value >= low && value <= high)) {
      throw new IllegalArgumentException(
          option + " must be between " + low + " and " + high + ": " + value);
    }
  }
}
