package io.rtfleet.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print the shell completion script for rtctl's commands and options.",
      "",
      "  bash:  source <(rtctl completion bash)       (or save it under"
          + " /etc/bash_completion.d/)",
      "  zsh:   source <(rtctl completion zsh)",
    })
final class CompletionCommand implements Callable<Integer> {
  enum Shell {
    bash,
    zsh
  }

  @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
  Shell shell;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (shell == Shell.zsh) {
      // picocli's script is bash's; zsh runs it through its bash completion layer.
      out.println("autoload -U +X compinit && compinit");
      out.println("autoload -U +X bashcompinit && bashcompinit");
    }
    out.print(AutoComplete.bash("rtctl", spec.root().commandLine()));
    out.flush();
    return 0;
  }
}
