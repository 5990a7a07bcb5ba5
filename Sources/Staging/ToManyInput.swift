import ResourceCatalog

/// A to-many relationship an import input carries with its record, as an array of the
/// related records' target ids: `"tags": [{"id": "…"}]`.
///
/// The array lists the related records the staged body names whose target id the id map
/// holds; one without is left out (the post-write read then finds the set differing). A body
/// without the relationship gets no member, so the target's set is left as it is.
package struct ToManyInput: Sendable, Hashable {
    /// The relationship (`tags`).
    package let relation: String
    /// The related type (`tags`): its identity is computed from each embedded object.
    package let targetType: ResourceType

    package init(relation: String, targetType: ResourceType) {
        self.relation = relation
        self.targetType = targetType
    }
}
