import ResourceCatalog

/// Turns one import input (an object as the export API writes it) into a `RecordInput`:
/// attributes, `<relation>_id` keys as relationships (ids in the target environment),
/// `parent_resource_id` for the type's import parent, and nested children (`price_tiers`).
///
/// Tags are set by the `_add_tags` / `_remove_tags` triggers (names), or from an array of
/// `{"id": …}` or `{"name": …}` objects, when `setsTags`; else both are ignored silently. Read-only attributes and other embedded related objects an export wrote
/// are skipped silently, except `disabled_at` of a type with the enabled/disabled state: its
/// `_disable` / `_enable` triggers set it, and the input that sends it fails. Keys the type
/// does not know become warnings.
package struct ImportInputMapper: Sendable {
    /// One input, ready to write.
    package struct Mapped: Sendable {
        package var input: RecordInput
        /// Nested children: the key (`price_tiers`), the types a child may have, and the objects.
        package var children: [(name: String, types: [ResourceType], objects: [[String: JSONValue]])] = []
        /// Keys that were ignored because the type does not know them.
        package var unknownKeys: [String] = []
    }

    package let catalog: ResourceCatalog
    /// Whether inputs set tags (`SandboxConfiguration.Behaviours.importsSetTags`).
    package let setsTags: Bool

    package init(catalog: ResourceCatalog, setsTags: Bool = true) {
        self.catalog = catalog
        self.setsTags = setsTags
    }

    /// Maps `object` for a record of `spec`; `parentID` is the import's `parent_resource_id`.
    package func map(
        _ object: [String: JSONValue], spec: ResourceSpec, parentID: String?, environment: SandboxEnvironment,
        in transaction: RecordTransaction
    ) throws -> Mapped {
        var mapped = Mapped(input: RecordInput())
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            if key == "id" {
                if let id = value.stringValue, !id.isEmpty { mapped.input.id = id }
            } else if spec.nestedImportChildren.contains(key) {
                let types = spec.relationship(key)?.targets ?? [ResourceType(key)]
                let objects = value.arrayValue?.compactMap(\.objectValue) ?? []
                if !objects.isEmpty { mapped.children.append((key, types, objects)) }
            } else if spec.hasEnabledState, RecordWriter.stateTriggers.contains(key) {
                mapped.input.attributes[key] = Self.convert(value, to: .boolean)
            } else if spec.hasEnabledState, key == ResourceSpec.disabledAt {
                // The state is set by its triggers only, as on REST writes.
                throw APIErrorList([
                    .badRequest(
                        "PARAM_NOT_ALLOWED", "\(key) is not allowed on \(spec.type): send _disable or _enable",
                        pointer: "/data/attributes/\(key)")
                ])
            } else if RecordWriter.isTagTrigger(key, of: spec) {
                // `_add_tags` / `_remove_tags`, as the dashboard's import templates send them.
                if setsTags { mapped.input.attributes[key] = value }
            } else if let attribute = spec.attribute(key) {
                guard attribute.isCreatable || attribute.isUpdatable else { continue }
                mapped.input.attributes[key] = Self.convert(value, to: attribute.kind)
            } else if let relationship = spec.relationships.first(where: { !$0.isToMany && $0.idKey == key }) {
                guard let id = value.stringValue, !id.isEmpty else { continue }
                mapped.input.relationships[relationship.name] = .one(
                    try reference(id, relationship: relationship, environment: environment, in: transaction))
            } else if setsTags, let relationship = spec.relationship(key), relationship.isToMany,
                relationship.targets == ["tags"], let objects = value.arrayValue
            {
                mapped.input.relationships[key] = .many(
                    try objects.map {
                        try tag($0, relationship: relationship, environment: environment, in: transaction)
                    })
            } else if spec.relationship(key) != nil {
                continue
            } else {
                mapped.unknownKeys.append(key)
            }
        }
        if let parent = spec.importParent, let parentID, !parentID.isEmpty,
            mapped.input.relationships[parent] == nil, let relationship = spec.relationship(parent)
        {
            mapped.input.relationships[parent] = .one(
                try reference(parentID, relationship: relationship, environment: environment, in: transaction))
        }
        return mapped
    }

    /// The tag an input names by `id` or by `name`; an unknown one keeps what was given, so
    /// validation reports it (`must exist`).
    private func tag(
        _ object: JSONValue, relationship: RelationshipSpec, environment: SandboxEnvironment,
        in transaction: RecordTransaction
    ) throws -> RecordRef {
        if let id = object["id"]?.stringValue {
            return try reference(id, relationship: relationship, environment: environment, in: transaction)
        }
        let name = object["name"]?.stringValue ?? ""
        let found = try transaction.find(
            types: relationship.targets, environment: environment, attribute: "name", value: name)
        return RecordRef(type: relationship.target, id: found?.id ?? "name:\(name)")
    }

    /// A reference to the record `id`, typed after the record found (for polymorphic
    /// relationships); the first target type when nothing is found, so validation reports it.
    private func reference(
        _ id: String, relationship: RelationshipSpec, environment: SandboxEnvironment, in transaction: RecordTransaction
    ) throws -> RecordRef {
        let found = try transaction.find(id: id, environment: environment)
        return RecordRef(type: found?.type ?? relationship.target, id: id)
    }

    /// Converts a text value (CSV cells) to the attribute's kind when it reads as one.
    package static func convert(_ value: JSONValue, to kind: AttributeKind) -> JSONValue {
        guard case .string(let text) = value else { return value }
        switch kind {
        case .integer: return Int64(text).map(JSONValue.int) ?? value
        case .float: return Double(text).map(JSONValue.double) ?? value
        case .boolean:
            switch text.lowercased() {
            case "true", "1", "t": return .bool(true)
            case "false", "0", "f": return .bool(false)
            default: return value
            }
        case .object, .array: return (try? JSONValue.parse(text)) ?? value
        case .string, .datetime: return value
        }
    }

    /// The key of an input in `errors_log`: its `code`, else its single-attribute natural key
    /// (`email`, `name`), else a code-style reference (`sku_code`), else `"unknown"`.
    package static func logKey(_ object: [String: JSONValue], spec: ResourceSpec) -> String {
        var candidates = ["code"]
        if case .attribute(let name)? = spec.identity.naturalKey.first, spec.identity.naturalKey.count == 1 {
            candidates.append(name)
        }
        candidates += spec.codeReferences.map(\.attribute)
        for name in candidates {
            if let text = object[name]?.stringValue, !text.isEmpty { return text }
        }
        return "unknown"
    }
}
