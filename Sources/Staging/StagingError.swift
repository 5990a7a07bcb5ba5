import ResourceCatalog

/// Why staging failed, with what failed and where.
package enum StagingError: Error, Sendable, CustomStringConvertible {
    /// An export file is not a well-formed JSON array of objects (or not valid gzip, or a CSV
    /// that cannot be read). Nothing of the file was staged.
    case malformedExport(file: String, offset: Int, reason: String)
    /// The type is not in the catalog.
    case unknownType(ResourceType)
    /// References could not be resolved and the policy is `fail`.
    case unresolvedReferences(type: ResourceType, count: Int, examples: [MissingReference])
    /// A transform names a field that cannot be written.
    case invalidTransform(type: ResourceType, transform: String, reason: String)
    /// A SQLite store (staging, target read-back, snapshot) failed.
    case database(path: String, message: String)
    /// A file could not be read.
    case unreadableFile(path: String, message: String)

    package var description: String {
        switch self {
        case .malformedExport(let file, let offset, let reason):
            "\(file): byte \(offset): \(reason); nothing from this file was staged. "
                + "Download or export it again."
        case .unknownType(let type):
            "unknown resource type \"\(type)\"; run `layerclone catalog` for the known types"
        case .unresolvedReferences(let type, let count, let examples):
            "\(count) reference(s) of \(type) cannot be resolved in the target, e.g. "
                + examples.prefix(3).map(\.description).joined(separator: "; ")
                + ". Clone the missing parents first, or set the plan's missing-reference policy to skip or null."
        case .invalidTransform(let type, let transform, let reason):
            "transform \(transform) on \(type): \(reason)"
        case .database(let path, let message):
            "\(Self.role(of: path)) \(path): \(message)"
        case .unreadableFile(let path, let message):
            "cannot read \(path): \(message)"
        }
    }

    /// What a store file is, by its name in the run folder.
    private static func role(of path: String) -> String {
        switch path.split(separator: "/").last.map(String.init) ?? path {
        case "staging.db": "staging database"
        case "target.db": "target read-back database"
        case let name where name.hasSuffix(".lcsnap"): "snapshot"
        default: "SQLite store"
        }
    }
}
