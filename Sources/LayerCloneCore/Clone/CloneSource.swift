import Foundation

/// Where a clone's records come from: a live environment, or a snapshot file made earlier by
/// `layerclone snapshot` (seeding).
package enum CloneSource: Sendable {
    /// Read from an environment with its client.
    case environment(CloneEnvironment)
    /// Replayed from a snapshot: its staged, transformed records.
    case snapshot(SnapshotFile)

    /// The name shown in journals and reports.
    package var name: String {
        switch self {
        case .environment(let environment): environment.name
        case .snapshot(let snapshot): "snapshot \(URL(fileURLWithPath: snapshot.path).lastPathComponent)"
        }
    }

    /// The environment, when the source is one.
    package var environment: CloneEnvironment? {
        if case .environment(let environment) = self { return environment }
        return nil
    }
}

/// A snapshot file and what it says about itself.
package struct SnapshotFile: Sendable {
    /// The file.
    package let path: String
    /// Its unique id (runs seeding the same snapshot into the same target resume each other).
    package let id: String
    /// The plan it was made with, as text.
    package let planText: String
    /// The plan file's name when it was made.
    package let planFile: String
}
