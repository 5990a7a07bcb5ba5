import AsyncHTTPClient
import CommerceLayerAPI
import Foundation
import Synchronization

@testable import layerclone

/// Text a command wrote to one of its streams, kept in memory.
final class CapturedText: Sendable {
    private let text = Mutex("")

    var sink: TextSink { TextSink { written in self.text.withLock { $0 += written } } }

    var value: String { text.withLock { $0 } }
}

/// One command line run in this process through `LayerClone.run(_:in:)`, with its streams
/// captured: what a user of the executable would see, without spawning it.
struct CommandRun: Sendable, CustomStringConvertible {
    let arguments: [String]
    let exitCode: Int32
    let standardOutput: String
    let standardError: String

    var description: String {
        "layerclone \(arguments.joined(separator: " ")) → exit \(exitCode)\n--- stdout\n\(standardOutput)"
            + "\n--- stderr\n\(standardError)"
    }

    /// A context for a test: the given environment only, no terminal, captured streams,
    /// `clock` for the API clients and `transport` for their requests.
    static func context(
        environment: [String: String] = [:], clock: any APIClock = SystemAPIClock(),
        transport: @escaping @Sendable () -> any HTTPTransport = { AsyncHTTPClientTransport() },
        output: CapturedText, error: CapturedText
    ) -> CommandContext {
        CommandContext(
            environment: environment, standardOutput: output.sink, standardError: error.sink, clock: clock,
            now: { Date(timeIntervalSince1970: 1_800_000_000) }, transport: transport, isInteractive: false,
            supportsColor: false, canPrompt: false)
    }

    /// Runs `arguments` in a test context (see `context`).
    static func run(
        _ arguments: [String], environment: [String: String] = [:], clock: any APIClock = SystemAPIClock(),
        transport: @escaping @Sendable () -> any HTTPTransport = { AsyncHTTPClientTransport() }
    ) async -> CommandRun {
        let output = CapturedText()
        let error = CapturedText()
        let code = await LayerClone.run(
            arguments,
            in: context(environment: environment, clock: clock, transport: transport, output: output, error: error))
        return CommandRun(
            arguments: arguments, exitCode: code, standardOutput: output.value, standardError: error.value)
    }

    /// The package's folder (this file is `<root>/Tests/LayerCloneCLITests/CommandRun.swift`).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A plan of the package's `plans` folder, by absolute path.
    static func plan(_ name: String) -> String {
        packageRoot.appendingPathComponent("plans").appendingPathComponent(name).path
    }
}
