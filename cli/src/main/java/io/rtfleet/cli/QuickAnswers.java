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
      case "--help", "-h" -> out.print(help(Ansi.AUTO.enabled()));
      default -> {
        return false;
      }
    }
    out.flush();
    return true;
  }

  /**
   * The usage kept beside the jar, or rendered and kept. Both variants are kept together: the
   * launcher answers from its lean jar, which cannot render, only when both are there, since it
   * cannot tell which one picocli will choose for the terminal. No lambda or string concatenation
   * on this path: linking the first method handle of a JVM costs a quick answer a tenth of its
   * time.
   */
  private static String help(boolean ansi) {
    Optional<Path> jar = jar();
    if (jar.isEmpty()) {
      return usage(ansi);
    }
    HelpCache cache = new HelpCache(jar.get());
    Optional<String> kept = cache.kept(ansi);
    if (kept.isPresent()) {
      return kept.get();
    }
    String text = usage(ansi);
    cache.keep(ansi, text);
    if (cache.kept(!ansi).isEmpty()) {
      cache.keep(!ansi, usage(!ansi));
    }
    return text;
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
    private Path file(boolean ansi) {
      // Constant names: a concatenation would link a method handle (see help()).
      return jar.resolveSibling(ansi ? "rtctl-help.ansi.txt" : "rtctl-help.plain.txt");
    }

    Optional<String> kept(boolean ansi) {
      Path file = file(ansi);
      try {
        if (Files.isRegularFile(file)
            && Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(jar)) > 0) {
          return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        }
      } catch (IOException unreadable) {
        // rendered instead
      }
      return Optional.empty();
    }

    void keep(boolean ansi, String text) {
      Path file = file(ansi);
      try {
        Path written = Files.createTempFile(file.getParent(), "rtctl-help", ".tmp");
        Files.writeString(written, text, StandardCharsets.UTF_8);
        Files.move(written, file, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException | UnsupportedOperationException readOnly) {
        // Answered all the same; the next one renders it again.
      }
    }
  }
}
