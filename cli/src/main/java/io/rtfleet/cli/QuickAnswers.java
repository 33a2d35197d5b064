package io.rtfleet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.Help.Ansi;

/**
 * The commands rtctl answers without building its command tree: {@code rtctl version}, and {@code
 * rtctl --help}, whose text is the tree's own usage, rendered once per build and kept beside the
 * jar (as the launcher keeps its class-data archive). Building the tree (every command's and
 * scenario's options, by reflection) is most of rtctl's start-up; these two are what people and
 * scripts run to check it is there.
 */
final class QuickAnswers {
  private QuickAnswers() {}

  /** Answers {@code args} on {@code out} if it is one of the quick ones; false otherwise. */
  static boolean answered(String[] args, PrintWriter out) {
    if (args.length != 1) {
      return false;
    }
    switch (args[0]) {
      case "version" -> VersionCommand.print(out);
      case "--help", "-h" -> {
        boolean ansi = Ansi.AUTO.enabled();
        out.print(
            HelpCache.beside(jar())
                .map(cache -> cache.text(ansi, () -> usage(ansi)))
                .orElseGet(() -> usage(ansi)));
      }
      default -> {
        return false;
      }
    }
    out.flush();
    return true;
  }

  private static String usage(boolean ansi) {
    return Rtctl.commandLine().getUsageMessage(ansi ? Ansi.ON : Ansi.OFF);
  }

  /** The jar rtctl runs from; empty when it runs from classes (a build's tests). */
  private static Optional<Path> jar() {
    CodeSource code = QuickAnswers.class.getProtectionDomain().getCodeSource();
    if (code == null) {
      return Optional.empty();
    }
    try {
      Path source = Path.of(code.getLocation().toURI());
      return Files.isRegularFile(source) ? Optional.of(source) : Optional.empty();
    } catch (URISyntaxException unknown) {
      return Optional.empty();
    }
  }

  /**
   * The usage text kept beside a jar, {@code rtctl-help.(ansi|plain).txt}: valid while it is newer
   * than the jar, so that a build renders it afresh.
   */
  record HelpCache(Path jar) {
    static Optional<HelpCache> beside(Optional<Path> jar) {
      return jar.map(HelpCache::new);
    }

    String text(boolean ansi, Supplier<String> render) {
      Path file = jar.resolveSibling("rtctl-help." + (ansi ? "ansi" : "plain") + ".txt");
      try {
        if (Files.isRegularFile(file)
            && Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(jar)) > 0) {
          return Files.readString(file, StandardCharsets.UTF_8);
        }
      } catch (IOException unreadable) {
        return render.get();
      }
      String text = render.get();
      try {
        Path written = Files.createTempFile(file.getParent(), "rtctl-help", ".tmp");
        Files.writeString(written, text, StandardCharsets.UTF_8);
        Files.move(written, file, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException | UnsupportedOperationException readOnly) {
        // Answered all the same; the next one renders it again.
      }
      return text;
    }
  }
}
