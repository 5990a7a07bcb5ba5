import Foundation
import ResourceCatalog

extension RecordWriter {
    /// Checks `input` against `spec` and merges it into `record`.
    func apply(
        _ input: RecordInput, to record: inout StoredRecord, spec: ResourceSpec, creating: Bool,
        in transaction: RecordTransaction, checkUniqueness: Bool = true
    ) throws {
        var errors: [APIError] = []
        for (name, value) in input.attributes.sorted(by: { $0.key < $1.key })
        where !Self.stateTriggers.contains(name) && !Self.isTagTrigger(name, of: spec) {
            guard let attribute = spec.attribute(name), creating ? attribute.isCreatable : attribute.isUpdatable else {
                throw APIErrorList([
                    .badRequest(
                        "PARAM_NOT_ALLOWED", "\(name) is not allowed on \(spec.type)",
                        pointer: "/data/attributes/\(name)")
                ])
            }
            if let error = Self.typeError(attribute, value) { errors.append(error) }
            record.attributes[name] = value
        }
        try applyStateTriggers(input, to: &record, spec: spec, errors: &errors)
        for (name, value) in input.relationships.sorted(by: { $0.key < $1.key }) {
            guard let relationship = spec.relationship(name), relationship.isCreatable else {
                throw APIErrorList([
                    .badRequest(
                        "PARAM_NOT_ALLOWED", "\(name) is not a relationship of \(spec.type)",
                        pointer: "/data/relationships/\(name)")
                ])
            }
            if case .many = value, !relationship.isToMany {
                errors.append(
                    .validation(name, relationship: true, "is invalid: a to-one relationship takes one object"))
                continue
            }
            if case .one = value, relationship.isToMany {
                errors.append(
                    .validation(name, relationship: true, "is invalid: a to-many relationship takes an array"))
                continue
            }
            let allowed = allowedTypes(relationship)
            let abstract = catalog.abstractType(of: relationship)
            var valid = true
            var value = value
            for ref in value.refs {
                let target = try transaction.find(id: ref.id, environment: record.environment)
                if let abstract, ref.type == abstract, let target, allowed.contains(target.type) {
                    // Given as `payment_gateways`: stored with the gateway's own kind.
                    if case .one = value { value = .one(RecordRef(type: target.type, id: target.id)) }
                    continue
                }
                if !allowed.contains(ref.type) || target?.type != ref.type || (abstract != nil && !acceptsConcreteLinks)
                {
                    valid = false
                }
            }
            if valid {
                // An empty to-many set is stored as no set, as a record that never had one.
                record.relationships[name] =
                    relationship.isToMany ? (value.refs.isEmpty ? nil : .many(value.refs)) : value
            } else {
                errors.append(.validation(name, relationship: true, "must exist"))
            }
        }
        try applyTagTriggers(input, to: &record, spec: spec, errors: &errors, in: transaction)
        try resolveCodeReferences(spec: spec, input: input, record: &record, errors: &errors, in: transaction)
        let missing = missingRequired(spec: spec, record: record, creating: creating, input: input)
        errors += missing.filter { new in !errors.contains { $0.pointer == new.pointer } }
        if errors.isEmpty, checkUniqueness, let error = try uniquenessError(spec: spec, record: record, in: transaction)
        {
            errors.append(error)
        }
        if !errors.isEmpty { throw APIErrorList(errors) }
    }

    /// Sets a relationship from its code-style attribute (`sku_code`) and, the other way, fills
    /// the attribute from the related record.
    private func resolveCodeReferences(
        spec: ResourceSpec, input: RecordInput, record: inout StoredRecord, errors: inout [APIError],
        in transaction: RecordTransaction
    ) throws {
        for reference in spec.codeReferences {
            guard let relationship = spec.relationship(reference.relationship) else { continue }
            let types = allowedTypes(relationship)
            if input.relationships[reference.relationship] == nil,
                let code = input.attributes[reference.attribute]?.stringValue, !code.isEmpty
            {
                let target = try types.lazy.compactMap { type -> StoredRecord? in
                    let targetSpec = self.catalog.spec(type)
                    if let key = NaturalKey.singleAttributeKey(
                        spec: targetSpec, attribute: reference.targetAttribute, value: code)
                    {
                        return try transaction.find(types: [type], environment: record.environment, naturalKey: key)
                    }
                    return try transaction.find(
                        types: [type], environment: record.environment, attribute: reference.targetAttribute,
                        value: code)
                }.first
                if let target {
                    record.relationships[reference.relationship] = .one(RecordRef(type: target.type, id: target.id))
                } else {
                    errors.append(.validation(reference.relationship, relationship: true, "must exist"))
                }
            } else if let id = record.relatedID(reference.relationship),
                let target = try transaction.find(id: id, environment: record.environment)
            {
                record.attributes[reference.attribute] = target.attributes[reference.targetAttribute] ?? .null
            }
        }
    }

    private func missingRequired(spec: ResourceSpec, record: StoredRecord, creating: Bool, input: RecordInput)
        -> [APIError]
    {
        var errors: [APIError] = []
        for attribute in spec.attributes where attribute.isRequired && attribute.isCreatable {
            guard creating || input.attributes[attribute.name] != nil else { continue }
            if Self.isBlank(record.attributes[attribute.name]) {
                errors.append(.validation(attribute.name, "can't be blank"))
            }
        }
        let doNotShip = record.attributes["do_not_ship"]?.boolValue == true
        for relationship in spec.relationships where relationship.isRequired && !relationship.isToMany {
            guard creating || input.relationships[relationship.name] != nil else { continue }
            if relationship.name == "shipping_category" && doNotShip { continue }
            if record.relatedID(relationship.name) == nil,
                !errors.contains(where: { $0.pointer == "/data/relationships/\(relationship.name)" })
            {
                errors.append(.validation(relationship.name, relationship: true, "must exist"))
            }
        }
        return errors
    }

    private func uniquenessError(spec: ResourceSpec, record: StoredRecord, in transaction: RecordTransaction) throws
        -> APIError?
    {
        guard let key = NaturalKey.key(spec: spec, attributes: record.attributes, relationships: record.relationships),
            let existing = try transaction.find(types: [spec.type], environment: record.environment, naturalKey: key),
            existing.id != record.id, let last = spec.identity.naturalKey.last
        else { return nil }
        switch last {
        case .attribute(let name):
            return .validation(name, "has already been taken", meta: ["value": record.attributes[name] ?? .null])
        case .parent(let relationship):
            return .validation(relationship, relationship: true, "has already been taken")
        }
    }

    static func isBlank(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?: true
        case .string(let text)?: text.trimmingCharacters(in: .whitespaces).isEmpty
        default: false
        }
    }

    /// A 422 when `value` is not of the attribute's kind (null is always accepted here).
    static func typeError(_ attribute: AttributeSpec, _ value: JSONValue) -> APIError? {
        let valid: Bool
        switch (attribute.kind, value) {
        case (_, .null): valid = true
        case (.string, .string), (.datetime, .string), (.boolean, .bool), (.object, .object), (.array, .array):
            valid = true
        case (.integer, .int): valid = true
        case (.integer, .double(let number)): valid = number.rounded() == number
        case (.float, .int), (.float, .double): valid = true
        default: valid = false
        }
        return valid ? nil : .validation(attribute.name, "is not a valid \(attribute.kind.rawValue)")
    }
}
