import ResourceCatalog

/// How a record of one type points at a parent, and how the clone resolves it in the target.
package struct ParentReference: Sendable, Hashable {
    /// How the reference is written in the target.
    package enum Resolution: Sendable, Hashable {
        /// Written as a code-style attribute the import API resolves itself (`sku_code`).
        case codeAttribute(String)
        /// Replaced by the target id of the same logical record, from the id map.
        case mappedID
        /// Left out of the first write and patched once both sides exist (breaks a cycle).
        case deferred
        /// The parent type is not in the plan: the record is looked up in the target by its
        /// identity; when absent, the missing-reference policy applies.
        case lookupInTarget
    }

    /// The relationship name (`price_list`).
    package let relationship: String
    /// The concrete types it may point at.
    package let targets: [ResourceType]
    /// Whether records cannot be created without it.
    package let isRequired: Bool
    /// A has-many relationship (`tags`).
    package let isToMany: Bool
    package let resolution: Resolution
    /// A to-many relationship the type's import inputs carry with each record (`tags`), rather
    /// than one PATCH per record once the type has landed. See `importableToManyTargets`.
    package var carriedByImport = false

    /// The types an import may set as a to-many relationship of the records it writes. The
    /// import documentation says tags are imported with the tagged resource (CSV headers
    /// `tags.id` / `tags.name`); the JSON form `"tags": [{"id": …}]` is assumed from it. Whether
    /// the API honours it is checked by the type's post-write read, which PATCHes any record
    /// whose tags did not land.
    package static let importableToManyTargets: Set<ResourceType> = ["tags"]

    package init(
        relationship: String, targets: [ResourceType], isRequired: Bool, isToMany: Bool, resolution: Resolution
    ) {
        self.relationship = relationship
        self.targets = targets
        self.isRequired = isRequired
        self.isToMany = isToMany
        self.resolution = resolution
    }

    /// `code:sku_code`, `id`, `id:import` (ids carried by the import), `deferred`, `lookup`.
    package var resolutionName: String {
        switch resolution {
        case .codeAttribute(let attribute): "code:\(attribute)"
        case .mappedID: carriedByImport ? "id:import" : "id"
        case .deferred: "deferred"
        case .lookupInTarget: "lookup"
        }
    }
}
