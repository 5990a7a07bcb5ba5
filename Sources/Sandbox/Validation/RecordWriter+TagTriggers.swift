import Foundation
import ResourceCatalog

extension RecordWriter {
    /// The triggers that change a taggable record's tags by name: comma-separated names of
    /// existing tags. Commerce Layer documents them on skus, bundles, customers, coupons,
    /// shipping methods, promotions and the other taggable types, and its dashboard's import
    /// templates send them.
    package static let tagTriggers: Set<String> = ["_add_tags", "_remove_tags"]

    /// The to-many relationship to tags of `spec`, if it is taggable.
    static func tagsRelationship(of spec: ResourceSpec) -> RelationshipSpec? {
        spec.relationships.first { $0.isToMany && $0.targets == ["tags"] }
    }

    /// Whether `name` is a tag trigger `spec` takes.
    static func isTagTrigger(_ name: String, of spec: ResourceSpec) -> Bool {
        tagTriggers.contains(name) && tagsRelationship(of: spec) != nil
    }

    /// Applies `_add_tags` and then `_remove_tags` to `record`'s tags. As Commerce Layer
    /// documents, names that match no tag, duplicates and invalid names are discarded, not
    /// refused; a value that is not a string is a validation error.
    func applyTagTriggers(
        _ input: RecordInput, to record: inout StoredRecord, spec: ResourceSpec, errors: inout [APIError],
        in transaction: RecordTransaction
    ) throws {
        guard let relationship = Self.tagsRelationship(of: spec) else { return }
        var refs = record.relationships[relationship.name]?.refs ?? []
        for trigger in ["_add_tags", "_remove_tags"] {
            guard let value = input.attributes[trigger], value != .null else { continue }
            guard let text = value.stringValue else {
                errors.append(.validation(trigger, "must be a comma-separated list of tag names"))
                continue
            }
            for name in Set(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) {
                guard
                    !name.isEmpty,
                    let tag = try transaction.find(
                        types: relationship.targets, environment: record.environment, attribute: "name", value: name)
                else { continue }
                if trigger == "_add_tags" {
                    if !refs.contains(where: { $0.id == tag.id }) { refs.append(RecordRef(type: tag.type, id: tag.id)) }
                } else {
                    refs.removeAll { $0.id == tag.id }
                }
            }
        }
        record.relationships[relationship.name] = refs.isEmpty ? nil : .many(refs)
    }
}
