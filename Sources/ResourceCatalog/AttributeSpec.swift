/// The value type of a resource attribute, as Commerce Layer's schema states it.
package enum AttributeKind: String, Sendable, Codable, CaseIterable {
    case string, integer, float, boolean, datetime, object, array
}

/// Whether an attribute must be given when a record is created.
package enum Requirement: String, Sendable, Codable {
    /// Always required on create; a missing value is a validation error.
    case required
    /// Required under a condition the schema states in prose (another attribute's value,
    /// the market, the country); not enforced by layerclone or the sandbox.
    case conditional
    /// Never required.
    case optional
}

/// One attribute of a resource type, with the flags that decide how layerclone treats it.
package struct AttributeSpec: Sendable, Hashable {
    /// Flags carried from Commerce Layer's schema.
    package struct Flags: OptionSet, Sendable, Hashable {
        package let rawValue: UInt16
        package init(rawValue: UInt16) { self.rawValue = rawValue }

        /// Accepted on create.
        package static let creatable = Flags(rawValue: 1 << 0)
        /// Accepted on update.
        package static let updatable = Flags(rawValue: 1 << 1)
        /// Usable in `filter[q]` predicates and export filters.
        package static let filterable = Flags(rawValue: 1 << 2)
        /// Usable in `sort`.
        package static let sortable = Flags(rawValue: 1 << 3)
        /// Written into export files (secrets such as gateway keys are not).
        package static let exportable = Flags(rawValue: 1 << 4)
        /// Changes on its own (ids, timestamps): left out of identities and fingerprints.
        package static let volatile = Flags(rawValue: 1 << 5)
        /// A boolean whose documented default is `true` (a record created without it holds
        /// `true`).
        package static let defaultTrue = Flags(rawValue: 1 << 6)
        /// A boolean whose documented default is `false`.
        package static let defaultFalse = Flags(rawValue: 1 << 7)
        /// A value that belongs to one environment (an external or callback URL, a shared
        /// secret, a key): never copied to another as it is. `generate_catalog.py` states the
        /// rule (name patterns plus a curated list).
        package static let environmentSpecific = Flags(rawValue: 1 << 8)
        /// Accepted on writes but never returned by the API (the schema says not fetchable):
        /// gateway keys and the like. Never exported either.
        package static let writeOnly = Flags(rawValue: 1 << 9)
    }

    package let name: String
    package let kind: AttributeKind
    package let requirement: Requirement
    package let flags: Flags

    package init(_ name: String, _ kind: AttributeKind, _ requirement: Requirement, _ flags: Flags) {
        self.name = name
        self.kind = kind
        self.requirement = requirement
        self.flags = flags
    }

    package var isCreatable: Bool { flags.contains(.creatable) }
    package var isUpdatable: Bool { flags.contains(.updatable) }
    package var isFilterable: Bool { flags.contains(.filterable) }
    package var isSortable: Bool { flags.contains(.sortable) }
    package var isExportable: Bool { flags.contains(.exportable) }
    package var isVolatile: Bool { flags.contains(.volatile) }
    /// Whether the value belongs to one environment (see `Flags.environmentSpecific`).
    package var isEnvironmentSpecific: Bool { flags.contains(.environmentSpecific) }
    /// Whether the API accepts the value but never returns it (see `Flags.writeOnly`).
    package var isWriteOnly: Bool { flags.contains(.writeOnly) }
    /// The documented default of a boolean attribute, nil when the schema states none.
    package var booleanDefault: Bool? {
        if flags.contains(.defaultTrue) { return true }
        if flags.contains(.defaultFalse) { return false }
        return nil
    }
    /// Required on create, unconditionally.
    package var isRequired: Bool { requirement == .required }
}
