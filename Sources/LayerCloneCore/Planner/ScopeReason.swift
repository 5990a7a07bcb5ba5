import ResourceCatalog

/// Why a type is in a plan's scope.
package enum ScopeReason: Sendable, Hashable, CustomStringConvertible {
    /// Named in `resources`, directly or through a preset (`entry` is the name written).
    case listed(entry: String)
    /// A concrete subtype of an abstract type named in `resources` (`payment_gateways`).
    case subtype(of: ResourceType, entry: String)
    /// A required parent of a type in scope (`include_parents`).
    case requiredParent(of: ResourceType, relationship: String)
    /// An optional parent the plan asked for with `optional_parents`.
    case optionalParent(of: ResourceType, relationship: String)

    /// Whether the type was pulled in by the closure rather than listed.
    package var isClosure: Bool {
        switch self {
        case .listed, .subtype: false
        case .requiredParent, .optionalParent: true
        }
    }

    /// A short sentence: `required by prices.price_list`.
    package var description: String {
        switch self {
        case .listed(let entry): "listed (\(entry))"
        case .subtype(let abstract, let entry): "concrete type of \(abstract) (\(entry))"
        case .requiredParent(let child, let relationship): "required by \(child).\(relationship)"
        case .optionalParent(let child, let relationship): "optional parent of \(child).\(relationship), asked for"
        }
    }
}
