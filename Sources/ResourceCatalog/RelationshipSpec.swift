/// One relationship of a resource type.
package struct RelationshipSpec: Sendable, Hashable {
    /// The relationship name as it appears in JSON:API documents (`price_list`, `tags`).
    package let name: String
    /// The types the relationship may point at: one, or several for a polymorphic one
    /// (only those the catalog describes).
    package let targets: [ResourceType]
    /// A has-many relationship.
    package let isToMany: Bool
    /// Must be set when a record is created (possibly through a code-style attribute).
    package let isRequired: Bool
    /// Accepted on create.
    package let isCreatable: Bool
    /// Declared polymorphic by the schema (the `type` of its data says which target).
    package let isPolymorphic: Bool
    /// Whether a record of this type needs the target record to exist first. False for the
    /// inverse side of a parent link (`prices.price_tiers`, a promotion's rule), which the
    /// child's own relationship already orders.
    package let isDependency: Bool

    package init(
        name: String,
        targets: [ResourceType],
        isToMany: Bool,
        isRequired: Bool,
        isCreatable: Bool,
        isPolymorphic: Bool,
        isDependency: Bool
    ) {
        self.name = name
        self.targets = targets
        self.isToMany = isToMany
        self.isRequired = isRequired
        self.isCreatable = isCreatable
        self.isPolymorphic = isPolymorphic
        self.isDependency = isDependency
    }

    /// The single target of a non-polymorphic relationship.
    package var target: ResourceType { targets[0] }

    /// The key an export writes for a to-one relationship's source id (`price_list_id`).
    package var idKey: String { name + "_id" }
}
