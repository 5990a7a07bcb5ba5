import ResourceCatalog

/// Which resource types the sandbox's export API accepts (UNKNOWN per API version on the
/// real service), so a client's fallback to paginated GETs can be exercised.
package enum ExportableTypes: String, Sendable, CaseIterable {
    /// Every type of the catalog.
    case all
    /// Only the long-standing list (`ResourceSpec.isLegacyExportable`).
    case legacy

    /// Whether an export of `spec` is accepted.
    package func accepts(_ spec: ResourceSpec) -> Bool {
        switch self {
        case .all: true
        case .legacy: spec.isLegacyExportable
        }
    }
}
