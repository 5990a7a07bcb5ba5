import ResourceCatalog

/// A reference remap could not resolve, with the record and the missing parent.
package struct MissingReference: Sendable, Hashable, CustomStringConvertible {
    /// What the policy did about it.
    package enum Action: String, Sendable, Hashable {
        /// Policy `fail`: the run stops.
        case failed
        /// The record is left out (policy `skip`, or `null` on a required relationship).
        case skipped
        /// The record is written without the reference (policy `null`, optional relationship).
        case nulled
    }

    /// The staged record (`records.id`).
    package let recordID: Int64
    package let type: ResourceType
    /// The record's identity, when it has one.
    package let identity: String?
    package let relation: String
    package let parentType: ResourceType
    /// The parent identity the export carried, nil when it carried none.
    package let parentIdentity: String?
    package let action: Action

    package var description: String {
        "\(type) \(identity ?? "#\(recordID)") → \(relation): \(parentType) "
            + (parentIdentity.map { "\($0) is not in the target" } ?? "not given in the export")
    }
}

/// What `remap(type:policy:)` found.
package struct RemapReport: Sendable, Hashable {
    package let type: ResourceType
    /// Staged records of the type.
    package let records: Int
    /// Records that will be written (all references resolved, or nulled).
    package let ready: Int
    /// Unresolved references, with what the policy did.
    package let missing: [MissingReference]
}
