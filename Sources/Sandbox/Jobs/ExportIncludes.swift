import ResourceCatalog

/// Which `includes` the sandbox's export API accepts. Commerce Layer's dashboard offers a
/// per-type list of includes for exports (its import/export app); whether the API refuses the
/// others is UNKNOWN, so both are offered, the stricter by default.
package enum ExportIncludes: String, Sendable, CaseIterable {
    /// Only the paths of `ExportIncludeWhitelist` (and their prefixes): others are refused with
    /// a 422 on `includes`.
    case whitelist
    /// Any relationship path up to three levels.
    case any

    /// Whether an export of `type` may include `path` (`prices.price_tiers`).
    package func accepts(_ path: String, of type: ResourceType) -> Bool {
        switch self {
        case .any: true
        case .whitelist: ExportIncludeWhitelist.allows(path, of: type)
        }
    }
}
