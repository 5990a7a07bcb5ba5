import ResourceCatalog

/// A to-many relationship an import input carries with its record: tags as the `_add_tags`
/// trigger with their names (`"_add_tags": "new,sale"`, the form Commerce Layer's own import
/// templates send; names of tags the target lacks are discarded there), other relationships as
/// an array of the related records' target ids (`"rel": [{"id": "…"}]`).
///
/// Only related records whose target id the id map holds are named; one without is left out
/// (the post-write read then finds the set differing). A body without the relationship gets no
/// member, so the target's set is left as it is. `_add_tags` only adds: tags an updated record
/// holds in the target and not in the source are removed by the post-write read's PATCH.
package struct ToManyInput: Sendable, Hashable {
    /// The relationship (`tags`).
    package let relation: String
    /// The related type (`tags`): its identity is computed from each embedded object.
    package let targetType: ResourceType

    /// The trigger that adds related records by name (`_add_tags`), for tags.
    package var addTrigger: String? { targetType == "tags" ? "_add_\(relation)" : nil }

    package init(relation: String, targetType: ResourceType) {
        self.relation = relation
        self.targetType = targetType
    }
}
