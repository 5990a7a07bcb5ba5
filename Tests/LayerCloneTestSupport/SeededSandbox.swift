import AsyncHTTPClient
import CommerceLayerAPI
import Foundation
import Sandbox

/// A sandbox on 127.0.0.1 (ephemeral port) with the demo store seeded in its test environment,
/// a fresh temporary folder and an HTTP client of its own: the fixture under the end-to-end,
/// command and clone tests. `close()` shuts the client down before the server (idle keep-alive
/// connections would otherwise hold the server's graceful shutdown) and deletes the folder.
package final class SeededSandbox: Sendable {
    package let server: SandboxServer
    package let endpoint: SandboxServer.Endpoint
    /// A fresh temporary folder (runs, plans written by tests, subprocess output).
    package let folder: URL
    /// The HTTP client of what the test runs in this process.
    package let http: HTTPClient

    /// Starts a sandbox with `configuration` bound to 127.0.0.1 on a free port, and seeds the
    /// demo store at `scale` into its test environment (none when `scale` is 0).
    /// - Throws: what starting or seeding threw (the server is stopped and the folder removed).
    private static func start(
        configuration: SandboxConfiguration, scale: Int, folderPrefix: String
    ) async throws -> SeededSandbox {
        var configuration = configuration
        configuration.server.host = "127.0.0.1"
        configuration.server.port = 0
        let server = try SandboxServer(configuration: configuration)
        let endpoint = try await server.start()
        let folder = TemporaryFolder.url(folderPrefix)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            if scale > 0 { _ = try await server.seedDemo(scale: scale, into: .test) }
        } catch {
            await server.shutdown()
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
        return SeededSandbox(server: server, endpoint: endpoint, folder: folder)
    }

    private init(server: SandboxServer, endpoint: SandboxServer.Endpoint, folder: URL) {
        self.server = server
        self.endpoint = endpoint
        self.folder = folder
        http = HTTPClient(eventLoopGroupProvider: .singleton)
    }

    /// Runs `body` with a started sandbox, holding one of the `SandboxSlots` meanwhile, and
    /// always closes it afterwards.
    package static func with<T: Sendable>(
        configuration: SandboxConfiguration, scale: Int, folderPrefix: String, file: String = #fileID,
        line: Int = #line, _ body: (SeededSandbox) async throws -> T
    ) async throws -> T {
        try await SandboxSlots.run(file: file, line: line) {
            let sandbox = try await start(configuration: configuration, scale: scale, folderPrefix: folderPrefix)
            do {
                let value = try await body(sandbox)
                await sandbox.close()
                return value
            } catch {
                await sandbox.close()
                throw error
            }
        }
    }

    /// Stops the client and the server and deletes the folder (kept, and its path printed,
    /// when `LAYERCLONE_KEEP_E2E` is set: run folders, journals and staging stores to inspect).
    package func close() async {
        try? await http.shutdown()
        await server.shutdown()
        if ProcessInfo.processInfo.environment["LAYERCLONE_KEEP_E2E"] == nil {
            try? FileManager.default.removeItem(at: folder)
        } else {
            print("kept \(folder.path)")
        }
    }

    /// A profile for one of the sandbox's environments.
    /// - Throws: `SandboxProfilesError` when the sandbox has no credentials for it.
    package func profile(_ environment: SandboxEnvironment) throws -> Profile {
        try server.profile(environment, at: endpoint)
    }

    /// The environment variables that give the command line the `test` and `live` profiles.
    package func profileEnvironment() throws -> [String: String] {
        try server.profileEnvironment(endpoint: endpoint)
    }

    /// Writes a plan into the folder and returns its path.
    package func writePlan(_ text: String, named name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
