import GRDB
import ResourceCatalog

/// Writes one import input with the REST validation: update by `id`, else by the type's
/// documented import key (`ImportUpsertKey`), else create; then its nested children, all or
/// nothing (one savepoint per input). Each nested child names its type in `nestedTypeForm`.
package struct ImportWriter: Sendable {
    package let writer: RecordWriter
    package let mapper: ImportInputMapper
    /// The form of `type` a nested child must carry (`SandboxConfiguration.Behaviours.nestedTypeForm`).
    package let nestedTypeForm: NestedTypeForm

    /// - Parameters:
    ///   - setsTags: whether inputs may set the record's tags (`ImportInputMapper`).
    ///   - nestedTypeForm: the form of `type` nested children must carry.
    package init(writer: RecordWriter, setsTags: Bool = true, nestedTypeForm: NestedTypeForm = .className) {
        self.writer = writer
        mapper = ImportInputMapper(catalog: writer.catalog, setsTags: setsTags)
        self.nestedTypeForm = nestedTypeForm
    }

    /// What writing one input did.
    package struct Outcome: Sendable {
        package var created: Bool
        package var unknownKeys: [String]
    }

    /// Writes `object` as a record of `spec` in `environment`.
    /// - Throws: `APIErrorList` with the validation errors (nothing of the input is written).
    package func write(
        _ object: [String: JSONValue], spec: ResourceSpec, parentID: String?, environment: SandboxEnvironment,
        in transaction: RecordTransaction
    ) throws -> Outcome {
        var outcome = Outcome(created: false, unknownKeys: [])
        try transaction.db.inSavepoint {
            let mapped = try mapper.map(
                object, spec: spec, parentID: parentID, environment: environment, in: transaction)
            let (record, created) = try upsert(
                spec: spec, input: mapped.input, environment: environment, in: transaction)
            outcome = Outcome(created: created, unknownKeys: mapped.unknownKeys)
            for (name, types, children) in mapped.children {
                try writeChildren(children, of: record, name: name, types: types, in: transaction, outcome: &outcome)
            }
            return .commit
        }
        return outcome
    }

    private func writeChildren(
        _ children: [[String: JSONValue]], of parent: StoredRecord, name: String, types: [ResourceType],
        in transaction: RecordTransaction, outcome: inout Outcome
    ) throws {
        for child in children {
            let spec = try childSpec(declared: child["type"], types: types, name: name)
            guard let back = spec.relationships.first(where: { !$0.isToMany && $0.targets.contains(parent.type) })
            else {
                throw APIErrorList([.validation(name, relationship: true, "cannot be nested")])
            }
            var mapped = try mapper.map(
                child, spec: spec, parentID: nil, environment: parent.environment, in: transaction)
            mapped.input.relationships[back.name] = .one(RecordRef(type: parent.type, id: parent.id))
            do {
                _ = try upsert(spec: spec, input: mapped.input, environment: parent.environment, in: transaction)
            } catch let list as APIErrorList {
                throw APIErrorList(
                    list.errors.map { error in
                        var error = error
                        error.pointer = error.pointer.map { name + "." + ($0.split(separator: "/").last ?? "") }
                        return error
                    })
            }
            outcome.unknownKeys += mapped.unknownKeys.map { name + "." + $0 }
        }
    }

    /// The concrete type a nested child names by its `type`, in `nestedTypeForm` only: a child
    /// without one, or in the other form, fails its input (`<name>.type`).
    private func childSpec(declared: JSONValue?, types: [ResourceType], name: String) throws -> ResourceSpec {
        let concrete = types.flatMap { type -> [ResourceType] in
            guard let spec = writer.catalog[type] else { return [] }
            return spec.isAbstract ? spec.subtypes : [type]
        }
        guard let value = declared?.stringValue, !value.isEmpty else {
            throw APIErrorList([.validation("\(name).type", "can't be blank")])
        }
        for type in concrete {
            if let spec = writer.catalog[type], nestedTypeForm.value(for: spec) == value {
                return try writer.concreteSpec(type)
            }
        }
        throw APIErrorList([.validation("\(name).type", "is not included in the list")])
    }

    /// Updates the record named by `input.id`, else the one the type's documented import key
    /// matches (`ImportUpsertKey`); creates one otherwise (never matched by `reference`).
    /// Attributes the chosen operation does not accept (creatable-only on update) are left out;
    /// the state and tag triggers (`_disable`, `_enable`, `_add_tags`, `_remove_tags`) are kept.
    package func upsert(
        spec: ResourceSpec, input: RecordInput, environment: SandboxEnvironment, in transaction: RecordTransaction
    ) throws -> (record: StoredRecord, created: Bool) {
        var existingID = input.id
        if existingID == nil, ImportUpsertKey.documented[spec.type] != nil {
            var probe = StoredRecord(id: "", type: spec.type, environment: environment)
            try? writer.apply(input, to: &probe, spec: spec, creating: true, in: transaction, checkUniqueness: false)
            existingID = try ImportUpsertMatch.existingID(spec: spec, probe: probe, in: transaction)
        }
        var input = input
        input.id = nil
        if let existingID {
            input.attributes = input.attributes.filter {
                spec.attribute($0.key)?.isUpdatable == true || RecordWriter.stateTriggers.contains($0.key)
                    || RecordWriter.tagTriggers.contains($0.key)
            }
            let record = try writer.update(
                type: spec.type, id: existingID, environment: environment, input: input, in: transaction)
            return (record, false)
        }
        input.attributes = input.attributes.filter {
            spec.attribute($0.key)?.isCreatable == true || RecordWriter.stateTriggers.contains($0.key)
                || RecordWriter.tagTriggers.contains($0.key)
        }
        return (try writer.create(type: spec.type, environment: environment, input: input, in: transaction), true)
    }

    /// `errors_log` value for a failed input: attribute → messages.
    package static func messages(for error: any Error) -> [String: [String]] {
        let errors: [APIError]
        switch error {
        case let list as APIErrorList: errors = list.errors
        case let single as APIError: errors = [single]
        default: return ["base": ["\(error)"]]
        }
        var messages: [String: [String]] = [:]
        for error in errors {
            let pointer = error.pointer ?? "base"
            let field = pointer.hasPrefix("/") ? String(pointer.split(separator: "/").last ?? "base") : pointer
            messages[field, default: []].append(error.status == 422 ? error.title : error.detail)
        }
        return messages
    }
}
