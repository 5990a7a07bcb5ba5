import CommerceLayerAPI
import Foundation
import Sandbox
import Testing

/// Paths of the example plans and golden files, found from this source file.
enum Fixtures {
    /// The package root (two levels above this test target).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `plans/<name>.yml`.
    static func planPath(_ name: String) -> String { root.appendingPathComponent("plans/\(name).yml").path }

    /// `Tests/LayerCloneCoreTests/Golden/<name>`.
    static func goldenURL(_ name: String) -> URL {
        root.appendingPathComponent("Tests/LayerCloneCoreTests/Golden/\(name)")
    }
}

extension SandboxServer {
    /// A profile for one of this started sandbox's environments.
    func profile(_ environment: SandboxEnvironment, at endpoint: Endpoint) throws -> Profile {
        let credentials = try #require(credentials[environment])
        return try Profile(
            name: "\(environment)", clientID: credentials.clientID, clientSecret: Secret(credentials.clientSecret),
            baseURL: URL(string: endpoint.baseURL)!, tokenURL: URL(string: endpoint.authURL)!)
    }
}
