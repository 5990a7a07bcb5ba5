import Foundation

/// Facts about the terminal the process writes to.
package enum Terminal {
    /// Whether standard error is a terminal a person watches (and `TERM` is not `dumb`).
    package static var isInteractive: Bool {
        isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// Whether to use colors: an interactive terminal and no `NO_COLOR` in the environment.
    package static var supportsColor: Bool {
        isInteractive && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    /// Whether standard input is a terminal (interactive confirmations are possible).
    package static var canPrompt: Bool { isatty(STDIN_FILENO) == 1 }
}
