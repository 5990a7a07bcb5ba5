import AsyncHTTPClient
import CommerceLayerAPI
import Foundation
import LayerCloneTestSupport
import Sandbox
import Testing

/// A sandbox on 127.0.0.1 (ephemeral port, no rate limits, instant jobs) with the demo store
/// in its test environment, a temporary folder, and the HTTP client the commands run in this
/// process use (shut down before the server: idle keep-alive connections would hold its
/// graceful shutdown).
struct CommandSandbox: Sendable {
    let server: SandboxServer
    let endpoint: SandboxServer.Endpoint
    let folder: URL
    let http: HTTPClient

    /// Runs `body` with a started sandbox configured by `configure`, and always cleans up.
    static func with<T: Sendable>(
        configure: (inout SandboxConfiguration) throws -> Void = { _ in },
        _ body: (CommandSandbox) async throws -> T
    ) async throws -> T {
        var configuration = SandboxConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.rateLimits = .off
        configuration.jobSpeed = .instant
        try configure(&configuration)
        let server = try SandboxServer(configuration: configuration)
        let endpoint = try await server.start()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "layerclone-cli-\(UUID().uuidString)", isDirectory: true)
        let sandbox = CommandSandbox(
            server: server, endpoint: endpoint, folder: folder, http: HTTPClient(eventLoopGroupProvider: .singleton))
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            _ = try await server.seedDemo(scale: 1, into: .test)
            let value = try await body(sandbox)
            await sandbox.close()
            return value
        } catch {
            await sandbox.close()
            throw error
        }
    }

    private func close() async {
        try? await http.shutdown()
        await server.shutdown()
    }

    /// The work folder of the commands (`--workdir`).
    var workdir: String { folder.appendingPathComponent("work", isDirectory: true).path }

    /// The environment variables that give the commands the `test` and `live` profiles.
    func environment() throws -> [String: String] {
        try server.profileEnvironment(endpoint: endpoint)
    }

    /// A transport over this sandbox's HTTP client.
    var transport: @Sendable () -> any HTTPTransport {
        let http = http
        return { AsyncHTTPClientTransport(client: http) }
    }

    /// Writes a plan into the folder and returns its path.
    func writePlan(_ text: String, named name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
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
