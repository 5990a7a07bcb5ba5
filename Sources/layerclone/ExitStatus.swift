import ArgumentParser

/// The exit codes of every layerclone command: one table, printed in `--help`.
enum ExitStatus: Int32, CaseIterable {
    case success = 0
    case finishedWithRejections = 2
    case differences = 3
    case usage = 64
    case badPlanOrData = 65
    case unavailable = 69
    case internalError = 70
    case interrupted = 75

    /// What the code means, for the help text.
    var meaning: String {
        switch self {
        case .success: "all went well"
        case .finishedWithRejections: "finished, but the target rejected some records (see the report)"
        case .differences: "verify or diff found differences between source and target"
        case .usage: "usage error: bad arguments, or a live target without --allow-live"
        case .badPlanOrData: "bad plan, snapshot or data file"
        case .unavailable: "API unavailable, or authentication failed"
        case .internalError: "internal error (a bug: please report it with the output)"
        case .interrupted: "interrupted; run the same command again to resume"
        }
    }

    /// The exit code for ArgumentParser.
    var exitCode: ExitCode { ExitCode(rawValue) }

    /// The table shown in `layerclone --help`.
    static var table: String {
        allCases.map { "  \(String($0.rawValue).padding(toLength: 4, withPad: " ", startingAt: 0))\($0.meaning)" }
            .joined(separator: "\n")
    }
}
