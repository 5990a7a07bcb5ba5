import AsyncHTTPClient
import CommerceLayerAPI
import Foundation
import LayerCloneTestSupport
import Sandbox
import Testing

/// A sandbox on 127.0.0.1 (ephemeral port, no rate limits, instant jobs) with the demo store
/// in its test environment, a temporary folder, and the HTTP client the commands run in this
/// process use (`SeededSandbox`).
typealias CommandSandbox = SeededSandbox

extension SeededSandbox {
    /// Runs `body` with a started sandbox configured by `configure`, and always cleans up.
    static func with<T: Sendable>(
        configure: (inout SandboxConfiguration) throws -> Void = { _ in }, file: String = #fileID,
        line: Int = #line, _ body: (CommandSandbox) async throws -> T
    ) async throws -> T {
        var configuration = SandboxConfiguration()
        configuration.limits.rateLimits = .off
        configuration.conditions.jobSpeed = .instant
        try configure(&configuration)
        return try await with(
            configuration: configuration, scale: 1, folderPrefix: "layerclone-cli", file: file, line: line, body)
    }

    /// The work folder of the commands (`--workdir`).
    var workdir: String { folder.appendingPathComponent("work", isDirectory: true).path }

    /// The environment variables that give the commands the `test` and `live` profiles.
    func environment() throws -> [String: String] { try profileEnvironment() }

    /// A transport over this sandbox's HTTP client.
    var transport: @Sendable () -> any HTTPTransport {
        let http = http
        return { AsyncHTTPClientTransport(client: http) }
    }

    /// Runs a command against this sandbox, with its profiles and (when no other is given)
    /// its transport; the API clients' clock runs 20 times faster than real time so job polls
    /// do not wait whole seconds.
    func run(
        _ arguments: [String], transport: (@Sendable () -> any HTTPTransport)? = nil
    ) async throws -> CommandRun {
        await CommandRun.run(
            arguments, environment: try environment(), clock: ScaledClock(factor: 20),
            transport: transport ?? self.transport)
    }
}
