/// One part of a natural key.
package enum IdentityComponent: Sendable, Hashable {
    /// An attribute of the record itself (`code`, `email`).
    case attribute(String)
    /// The identity of the record that a to-one relationship points at (`price_list`).
    case parent(relationship: String)

    /// The name shown in catalogs and reports: the attribute or the relationship name.
    package var name: String {
        switch self {
        case .attribute(let name): name
        case .parent(let relationship): relationship
        }
    }
}

/// How a record of a type is recognised in another environment.
///
/// A record's identity is its natural key when the type has one and every component is
/// present; otherwise its `reference` when set; otherwise a fingerprint of its content
/// (see `ContentFingerprint`).
package struct IdentityRule: Sendable, Hashable {
    /// The natural key, empty when the type has none.
    package let naturalKey: [IdentityComponent]

    package init(naturalKey: [IdentityComponent]) { self.naturalKey = naturalKey }

    /// Types without a natural key: `reference`, else a content fingerprint.
    package static let referenceOrFingerprint = IdentityRule(naturalKey: [])

    /// Whether the type has a natural key.
    package var hasNaturalKey: Bool { !naturalKey.isEmpty }

    /// Component names, or `["reference"]` for types identified by reference or fingerprint.
    package var displayNames: [String] {
        hasNaturalKey ? naturalKey.map(\.name) : ["reference"]
    }
}

/// An attribute that names a related record by its natural key, which the import API
/// resolves itself (`sku_code` on prices resolves the `sku` relationship).
package struct CodeReference: Sendable, Hashable {
    /// The attribute written in import inputs (`sku_code`).
    package let attribute: String
    /// The relationship it stands for (`sku`).
    package let relationship: String
    /// The attribute of the related record it carries (`code`).
    package let targetAttribute: String

    package init(attribute: String, relationship: String, targetAttribute: String) {
        self.attribute = attribute
        self.relationship = relationship
        self.targetAttribute = targetAttribute
    }
}

/// The text of an identity, shared by every place that writes one: staging computes them in
/// SQL (`IdentitySQL`) and in Swift while reading exports (`RecordExtractor`), verification
/// and undo compare them, the id map is keyed by them.
///
/// An identity is, by the type's `IdentityRule`: its natural key, components joined by
/// `componentSeparator` in the rule's order, an attribute as `name=value` and a parent as
/// `relation=[parent identity]`; else `referencePrefix` and the record's `reference`; else
/// `fingerprintPrefix` and its `ContentFingerprint`. Values escape `\`, `|`, `[` and `]` with
/// a backslash, so identities are unambiguous.
package enum IdentityFormat {
    /// Between the components of a natural key.
    package static let componentSeparator = "|"
    /// Before a `reference`.
    package static let referencePrefix = "ref="
    /// Before a content fingerprint.
    package static let fingerprintPrefix = "fp="
    /// The characters a value escapes with a backslash, the backslash first.
    package static let escapedCharacters: [Character] = ["\\", "|", "[", "]"]
}
