/// Everything layerclone and the sandbox know about one resource type.
package struct ResourceSpec: Sendable, Hashable {
    /// The plural API name (`price_lists`).
    package let type: ResourceType
    /// The singular name (`price_list`), used in relationship names and import keys.
    package let singular: String
    /// Data attributes (triggers such as `_disable` are not listed).
    package let attributes: [AttributeSpec]
    /// Relationships whose targets the catalog describes.
    package let relationships: [RelationshipSpec]
    /// How records are recognised across environments.
    package let identity: IdentityRule
    /// Whether the import API accepts this type; when false it is written record by record
    /// over REST.
    package let isImportable: Bool
    /// The relationship that an import's `parent_resource_id` sets on every input.
    package let importParent: String?
    /// Attributes that stand for a relationship and that the import API resolves itself.
    package let codeReferences: [CodeReference]
    /// Relationships whose records an import of this type takes nested in each input
    /// (`price_tiers` in prices).
    package let nestedImportChildren: [String]
    /// Whether GET requests on this type count against the cacheable rate-limit class.
    package let isCacheable: Bool
    /// Whether the export API has long accepted this type. Others may be refused by some API
    /// versions, in which case layerclone falls back to paginated GETs.
    package let isLegacyExportable: Bool
    /// An abstract type (`payment_gateways`) lists its concrete subtypes and is not cloned
    /// itself.
    package let subtypes: [ResourceType]
    /// Whether records of this type are enabled or disabled: the read-only `disabled_at` says
    /// which (set when disabled), and the `_disable` / `_enable` triggers change it on create
    /// and update. Markets, payment and shipping methods, gateways and promotions have it;
    /// skus, price lists, bundles, sku lists and stock locations do not.
    package let hasEnabledState: Bool

    package init(
        type: ResourceType,
        singular: String,
        attributes: [AttributeSpec],
        relationships: [RelationshipSpec],
        identity: IdentityRule,
        isImportable: Bool,
        importParent: String?,
        codeReferences: [CodeReference],
        nestedImportChildren: [String],
        isCacheable: Bool,
        isLegacyExportable: Bool,
        subtypes: [ResourceType],
        hasEnabledState: Bool = false
    ) {
        self.type = type
        self.singular = singular
        self.attributes = attributes
        self.relationships = relationships
        self.identity = identity
        self.isImportable = isImportable
        self.importParent = importParent
        self.codeReferences = codeReferences
        self.nestedImportChildren = nestedImportChildren
        self.isCacheable = isCacheable
        self.isLegacyExportable = isLegacyExportable
        self.subtypes = subtypes
        self.hasEnabledState = hasEnabledState
    }

    /// The read-only attribute that holds the enabled/disabled state (see `hasEnabledState`).
    package static let disabledAt = "disabled_at"
    /// The trigger attribute that disables a record on create or update.
    package static let disableTrigger = "_disable"
    /// The trigger attribute that enables a record on update.
    package static let enableTrigger = "_enable"

    /// Whether this is an abstract type that stands for its subtypes.
    package var isAbstract: Bool { !subtypes.isEmpty }

    /// The attribute with this name, if the type has one.
    package func attribute(_ name: String) -> AttributeSpec? {
        attributes.first { $0.name == name }
    }

    /// The relationship with this name, if the type has one.
    package func relationship(_ name: String) -> RelationshipSpec? {
        relationships.first { $0.name == name }
    }

    /// The code-style attribute that stands for this relationship, if there is one.
    package func codeReference(for relationship: String) -> CodeReference? {
        codeReferences.first { $0.relationship == relationship }
    }

    /// Attributes written when a record is cloned: exportable and creatable.
    package var clonableAttributes: [AttributeSpec] {
        attributes.filter { $0.isExportable && $0.isCreatable && !$0.isVolatile }
    }

    /// Clonable attributes whose values belong to one environment (callback and external URLs):
    /// left out of writes unless a plan gives the target's value.
    package var environmentSpecificAttributes: [AttributeSpec] {
        clonableAttributes.filter(\.isEnvironmentSpecific)
    }

    /// Attributes a create accepts that never leave the source (exports leave them out, the
    /// API may not even return them): gateway keys, passwords. Written only when a plan gives
    /// the target's value.
    package var secretAttributes: [AttributeSpec] {
        attributes.filter { $0.isCreatable && !$0.isExportable && !$0.isVolatile }
    }

    /// Attributes a write may carry: the clonable ones and the secrets a plan gives.
    package var writableAttributes: [AttributeSpec] {
        attributes.filter { $0.isCreatable && !$0.isVolatile }
    }

    /// Attributes whose target value the plan's `environment_values` may give: the
    /// environment-specific clonable ones and the secrets.
    package var targetValueAttributes: [AttributeSpec] {
        environmentSpecificAttributes + secretAttributes
    }

    /// To-one relationships that must point at an existing record before this type is written.
    package var parentRelationships: [RelationshipSpec] {
        relationships.filter { $0.isDependency && !$0.isToMany }
    }
}
