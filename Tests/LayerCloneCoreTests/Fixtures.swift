import Foundation

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
