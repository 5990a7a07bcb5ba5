import Foundation

/// Fresh folders under the system's temporary directory, one per test: a UUID in every name,
/// so tests running in parallel never share one.
package enum TemporaryFolder {
    /// A path under the temporary directory named `prefix-<UUID><suffix>`; nothing is created.
    package static func url(_ prefix: String, suffix: String = "") -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)\(suffix)")
    }

    /// Creates an empty folder named `prefix-<UUID>` under the temporary directory.
    /// - Throws: the file system's error when the folder cannot be created.
    package static func make(_ prefix: String) throws -> URL {
        let folder = url(prefix)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Runs `body` with a fresh folder and removes it afterwards, whatever happens.
    package static func with<T>(_ prefix: String, _ body: (URL) async throws -> T) async throws -> T {
        let folder = try make(prefix)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await body(folder)
    }
}
