// Plan value types that staging carries out: a plan's transforms and its policy for missing
// references. They are part of the plan (`LayerCloneCore`'s planner reads and validates them),
// but they live here, in the base module both the planner and `Staging` import, because
// `Staging` applies them and must not depend on the planner's module.

/// A change a plan applies to every staged record of one type before it is written.
///
/// Field names are attribute names of the type (or `metadata.<key>` for a metadata member).
/// The planner validates them against the catalog; staging applies them as set-based SQL.
package enum Transform: Sendable, Hashable {
    /// Sets the field to a constant value on every record.
    case set(field: String, value: JSONValue)
    /// Removes the field, so the target keeps its default.
    case drop(field: String)
    /// Moves the value of `from` to `to`.
    case rename(from: String, to: String)
    /// Replaces values found in the table (compared as text); others are left as they are.
    case map(field: String, values: [String: JSONValue])
    /// Replaces the value with a deterministic fake of the given kind that keeps distinct
    /// inputs distinct (so unique fields stay unique).
    case mask(field: String, kind: MaskKind)

    /// The field the transform writes.
    package var field: String {
        switch self {
        case .set(let field, _), .drop(let field), .map(let field, _), .mask(let field, _): field
        case .rename(_, let to): to
        }
    }
}

/// The kinds of fake values `Transform.mask` produces.
package enum MaskKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// `user-<hash>@example.com`.
    case email
    /// A full name.
    case name
    case firstName = "first_name"
    case lastName = "last_name"
    /// A phone number of the same length.
    case phone
    /// A street line.
    case address
    /// A neutral text of similar length.
    case text
}

/// What happens to a record whose reference cannot be resolved in the target.
package enum MissingReferencePolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Stop the run with an error listing the unresolved references (the default).
    case fail
    /// Leave the record out and report it.
    case skip
    /// Write the record without the reference (only for optional relationships; a required
    /// one is treated as `skip`) and report it.
    case null
}
