import ResourceCatalog
import Staging
import Yams

extension PlanReader {
    static let transformKinds = ["set", "drop", "rename", "map", "mask"]

    /// What a transform needs of a field it touches.
    private enum FieldUse {
        /// Read from the export: must be exportable.
        case read
        /// Written to the target: must be creatable.
        case write
        /// Both.
        case readWrite
    }

    /// Reads `transforms`: a list of one-key mappings (`- set: {field: x, value: y}`).
    mutating func readTransforms(
        _ node: Node, specs: [ResourceSpec], identity: [IdentityComponent]?
    ) -> [Transform] {
        guard case .sequence(let sequence) = node else {
            report(
                node, "`transforms` must be a list, each item one of: \(Self.transformKinds.joined(separator: ", "))")
            return []
        }
        var transforms: [Transform] = []
        var located: [(transform: Transform, node: Node)] = []
        var written: [String: (kind: String, at: SourceLocation)] = [:]
        for item in sequence {
            guard case .mapping(let mapping) = item, mapping.count == 1, let (keyNode, body) = mapping.first
            else {
                report(item, "each transform is a mapping with one key: \(Self.transformKinds.joined(separator: ", "))")
                continue
            }
            guard let kind = expectKey(keyNode, allowed: Self.transformKinds, in: "a transform") else { continue }
            guard let transform = readTransform(kind, body, at: keyNode, specs: specs) else { continue }
            let field = transform.field
            if let earlier = written[field] {
                report(
                    keyNode,
                    "contradictory transforms: this `\(kind)` and the `\(earlier.kind)` at \(earlier.at) "
                        + "both change \"\(field)\"; keep one")
                continue
            }
            written[field] = (kind, location(keyNode))
            for spec in specs {
                checkIdentity(
                    transform, kind: kind, spec: spec, identity: identity ?? spec.identity.naturalKey, at: keyNode)
            }
            transforms.append(transform)
            located.append((transform, keyNode))
        }
        checkRequiredFieldsKept(located, specs: specs)
        return transforms
    }

    private mutating func readTransform(_ kind: String, _ body: Node, at node: Node, specs: [ResourceSpec])
        -> Transform?
    {
        if kind == "drop", case .scalar = body {
            guard let field = readString(body, "the field of `drop`") else { return nil }
            return checkField(field, .read, kind, specs, at: body) ? .drop(field: field) : nil
        }
        let allowed: [String] =
            switch kind {
            case "set": ["field", "value"]
            case "drop": ["field"]
            case "rename": ["from", "to"]
            case "map": ["field", "values"]
            default: ["field", "kind"]
            }
        guard let mapping = expectMapping(body, "`\(kind)`") else { return nil }
        var values: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = expectKey(keyNode, allowed: allowed, in: "`\(kind)`") else { return nil }
            values[key] = value
        }
        let required = kind == "mask" ? ["field"] : allowed
        for key in required where values[key] == nil {
            report(node, "`\(kind)` needs `\(key)`")
            return nil
        }
        switch kind {
        case "set":
            guard let field = readString(values["field"]!, "`field`"),
                checkField(field, .write, kind, specs, at: values["field"]!)
            else { return nil }
            return .set(field: field, value: jsonValue(values["value"]!))
        case "drop":
            guard let field = readString(values["field"]!, "`field`"),
                checkField(field, .read, kind, specs, at: values["field"]!)
            else { return nil }
            return .drop(field: field)
        case "rename":
            guard let from = readString(values["from"]!, "`from`"), let to = readString(values["to"]!, "`to`")
            else { return nil }
            guard from != to else {
                report(values["to"]!, "`rename` from \"\(from)\" to itself does nothing; remove it")
                return nil
            }
            let fromOK = checkField(from, .read, kind, specs, at: values["from"]!)
            let toOK = checkField(to, .write, kind, specs, at: values["to"]!)
            return fromOK && toOK ? .rename(from: from, to: to) : nil
        case "map":
            guard let field = readString(values["field"]!, "`field`"),
                checkField(field, .readWrite, kind, specs, at: values["field"]!),
                let table = expectMapping(values["values"]!, "`values` of `map`")
            else { return nil }
            var result: [String: JSONValue] = [:]
            for (key, value) in table {
                guard let from = readString(key, "a value to map") else { continue }
                result[from] = jsonValue(value)
            }
            return .map(field: field, values: result)
        default:
            guard let field = readString(values["field"]!, "`field`"),
                checkField(field, .readWrite, kind, specs, at: values["field"]!)
            else { return nil }
            let maskKind: MaskKind?
            if let kindNode = values["kind"] {
                maskKind = readEnum(kindNode, "kind")
            } else if let inferred = MaskKind(rawValue: field) {
                maskKind = inferred
            } else {
                report(
                    node,
                    "`mask` of \"\(field)\" needs `kind` (\(MaskKind.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
                maskKind = nil
            }
            guard let maskKind else { return nil }
            for spec in specs where spec.attribute(field).map({ $0.kind != .string }) ?? false {
                report(values["field"]!, "`mask` needs a text field; \"\(field)\" of \(spec.type) is not text")
                return nil
            }
            return .mask(field: field, kind: maskKind)
        }
    }

    /// Checks that `field` exists on every type and has the flags the use needs.
    private mutating func checkField(
        _ field: String, _ use: FieldUse, _ kind: String, _ specs: [ResourceSpec], at node: Node
    ) -> Bool {
        var ok = true
        let attributeName = field.hasPrefix("metadata.") ? "metadata" : field
        for spec in specs {
            guard let attribute = spec.attribute(attributeName), !(attributeName == "metadata" && field == "metadata.")
            else {
                report(node, "unknown field \"\(field)\" in `\(kind)` on \(spec.type)")
                ok = false
                continue
            }
            if use != .write, !attribute.isExportable {
                report(
                    node,
                    "`\(kind)` reads \"\(field)\" of \(spec.type), which is not exportable (it never leaves the source)"
                )
                ok = false
            }
            if use != .read, !attribute.isCreatable {
                report(
                    node,
                    "`\(kind)` writes \"\(field)\" of \(spec.type), which is not creatable (the target would reject it)"
                )
                ok = false
            }
        }
        return ok
    }

    /// Reports transforms that would break the identity records are matched by.
    private mutating func checkIdentity(
        _ transform: Transform, kind: String, spec: ResourceSpec, identity: [IdentityComponent], at node: Node
    ) {
        let keys = Set(identity.compactMap { if case .attribute(let name) = $0 { name } else { nil } })
        let broken: String? =
            switch transform {
            case .drop(let field) where keys.contains(field): field
            case .set(let field, _) where keys.contains(field): field
            case .rename(let from, _) where keys.contains(from): from
            default: nil
            }
        if let broken {
            report(
                node,
                "contradictory options: `\(kind)` changes \"\(broken)\", which identifies \(spec.type) records "
                    + "(every record would get the same key, or none); use `map` or `mask`, or set `identity`")
        }
    }

    /// With `write: update-only`, written fields must also be updatable.
    mutating func checkUpdatable(_ transforms: [Transform], specs: [ResourceSpec], at node: Node) {
        for transform in transforms {
            if case .drop = transform { continue }
            let name = transform.field.hasPrefix("metadata.") ? "metadata" : transform.field
            for spec in specs where spec.attribute(name)?.isUpdatable == false {
                report(
                    node,
                    "contradictory options: `write: update-only` but \"\(transform.field)\" of \(spec.type) cannot be updated"
                )
            }
        }
    }
}
