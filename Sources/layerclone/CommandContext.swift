import ArgumentParser
import CommerceLayerAPI
import Foundation
import LayerCloneCore

/// What a command takes from the process it runs in: the environment, standard output and
/// error, the clock, the HTTP transport and what the terminal allows. Commands receive it
/// (`ContextualCommand.run(in:)`) instead of reaching for `ProcessInfo`, `print`,
/// `FileHandle.standardError` or `exit`, and `LayerClone.run(_:in:)` turns what they throw
/// into the exit code it returns; so a test runs a command in-process and reads its code and
/// messages.
///
/// The commands stay in the executable target: SwiftPM lets a test target `@testable import`
/// an executable target on Linux and macOS (the README parser tests did already), so a library
/// target of their own would only move files. `process` is the context of `layerclone` itself.
struct CommandContext: Sendable {
    /// The environment variables (profiles, `LAYERCLONE_WORKDIR`, `LAYERCLONE_CRASH_AT`, …).
    var environment: [String: String]
    var standardOutput: TextSink
    var standardError: TextSink
    /// The API clients' clock (pacing, backoff, job polls, the outage budget).
    var clock: any APIClock
    /// The wall time NDJSON events are stamped with.
    var now: @Sendable () -> Date
    /// Makes the HTTP transport of a command's API clients.
    var transport: @Sendable () -> any HTTPTransport
    /// Whether standard error is a terminal a person watches (live view instead of lines).
    var isInteractive: Bool
    /// Whether the live view may use colors.
    var supportsColor: Bool
    /// Whether standard input is a terminal (a live target can be confirmed by typing).
    var canPrompt: Bool

    /// The context of the `layerclone` process: its environment, streams, terminal and real time.
    static var process: CommandContext {
        CommandContext(
            environment: ProcessInfo.processInfo.environment, standardOutput: .standardOutput,
            standardError: .standardError, clock: SystemAPIClock(), now: { Date() },
            transport: { AsyncHTTPClientTransport() }, isInteractive: Terminal.isInteractive,
            supportsColor: Terminal.supportsColor, canPrompt: Terminal.canPrompt)
    }

    /// Writes `note: <text>` to standard error (lines about the run, outside any `--json` stream).
    func note(_ text: String) { standardError.write("note: \(text)\n") }

    /// A function that writes notes, for the libraries' callbacks.
    var noteWriter: @Sendable (String) -> Void {
        let standardError = standardError
        return { standardError.write("note: \($0)\n") }
    }
}

/// Somewhere a command writes text: standard output, standard error, or a test's buffer.
struct TextSink: Sendable {
    /// Writes `text` as it is (no line end added).
    let write: @Sendable (String) -> Void

    /// Writes `text` and `terminator` (as `print` does).
    func print(_ text: String, terminator: String = "\n") { write(text + terminator) }

    static let standardOutput = TextSink { FileHandle.standardOutput.write(Data($0.utf8)) }
    static let standardError = TextSink { FileHandle.standardError.write(Data($0.utf8)) }
}

/// A command that runs in a `CommandContext`; `LayerClone.run(_:in:)` gives it the context.
protocol ContextualCommand: AsyncParsableCommand {
    func run(in context: CommandContext) async throws
}

extension ContextualCommand {
    /// Runs in the process's context (`LayerClone.run(_:in:)` calls `run(in:)` itself).
    func run() async throws { try await run(in: .process) }
}
