import ResourceCatalog
import Staging
import Yams

extension PlanReader {
    static let optionKeys = [
        "filters", "identity", "write", "transforms", "missing_references", "optional_parents",
    ]

    /// Reads the options of one `resources` entry and checks them against each of its types.
    mutating func readOptions(_ node: Node, into selection: inout ResourceSelection) {
        if node.tagName == .null, case .scalar = node { return }
        guard let mapping = expectMapping(node, "the options of \"\(selection.name)\"") else { return }
        let specs = selection.types(in: catalog).compactMap { catalog[$0] }
        for (keyNode, value) in mapping {
            guard let key = expectKey(keyNode, allowed: Self.optionKeys, in: "the options of \"\(selection.name)\"")
            else { continue }
            switch key {
            case "filters": selection.filters = readFilters(value, specs: specs)
            case "identity": selection.identity = readIdentity(value, specs: specs)
            case "write": selection.write = readEnum(value, key)
            case "missing_references": selection.missingReferences = readEnum(value, key)
            case "optional_parents": selection.optionalParents = readOptionalParents(value, specs: specs)
            case "transforms":
                selection.transforms = readTransforms(value, specs: specs, identity: selection.identity)
            default: break
            }
        }
        if selection.write == .updateOnly, let node = mapping["transforms"] {
            checkUpdatable(selection.transforms, specs: specs, at: node)
        }
    }

    private mutating func readFilters(_ node: Node, specs: [ResourceSpec]) -> [String: JSONValue] {
        guard let mapping = expectMapping(node, "`filters`") else { return [:] }
        var filters: [String: JSONValue] = [:]
        for (keyNode, value) in mapping {
            guard let key = readString(keyNode, "a filter") else { continue }
            guard let filter = FilterKey(key) else {
                report(
                    keyNode,
                    "filter \"\(key)\" does not end with a predicate such as _eq, _in, _start, _cont, _gt; "
                        + "write <field>_<predicate>")
                continue
            }
            var valid = checkFilterValue(value, key: key)
            for spec in specs {
                for path in filter.attributes {
                    if let problem = FilterKey.problem(with: path, on: spec, catalog: catalog) {
                        report(keyNode, problem)
                        valid = false
                    }
                }
            }
            if valid { filters[key] = jsonValue(value) }
        }
        return filters
    }

    /// A filter value is one value or a list of values (`code_in: [A, B]`); a mapping, or a
    /// list holding mappings or lists, is no predicate's value.
    private mutating func checkFilterValue(_ value: Node, key: String) -> Bool {
        let items: [Node] = if case .sequence(let sequence) = value { Array(sequence) } else { [value] }
        for item in items {
            switch item {
            case .mapping:
                report(item, "filter \"\(key)\" takes a value or a list of values, not a mapping")
                return false
            case .sequence:
                report(item, "filter \"\(key)\" takes a value or a list of values, not a list of lists")
                return false
            case .scalar, .alias: continue
            }
        }
        return true
    }

    private mutating func readIdentity(_ node: Node, specs: [ResourceSpec]) -> [IdentityComponent]? {
        let names = readStringList(node, "identity")
        guard !names.isEmpty else { return nil }
        var components: [IdentityComponent] = []
        for (name, item) in names {
            var component: IdentityComponent?
            for spec in specs {
                if let attribute = spec.attribute(name) {
                    if attribute.isExportable {
                        component = .attribute(name)
                    } else {
                        report(
                            item,
                            "identity field \"\(name)\" of \(spec.type) is not exportable, so it cannot match records")
                    }
                } else if let relationship = spec.relationship(name), !relationship.isToMany {
                    component = .parent(relationship: name)
                } else {
                    report(item, "unknown field \"\(name)\" in the identity of \(spec.type)")
                }
            }
            if let component { components.append(component) }
        }
        return components.count == names.count ? components : nil
    }

    private mutating func readOptionalParents(_ node: Node, specs: [ResourceSpec]) -> [String] {
        var result: [String] = []
        for (name, item) in readStringList(node, "optional_parents") {
            var ok = true
            for spec in specs {
                guard let relationship = spec.relationship(name) else {
                    report(item, "\(spec.type) has no relationship \"\(name)\"")
                    ok = false
                    continue
                }
                if relationship.isToMany || !relationship.isDependency {
                    report(item, "\(spec.type).\(name) is not a parent (it is a to-many or inverse relationship)")
                    ok = false
                }
            }
            if ok { result.append(name) }
        }
        return result
    }

    /// Converts a YAML value into JSON (plain scalars typed by the YAML core schema).
    func jsonValue(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            switch node.tagName {
            case .null: return .null
            case .bool: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
            case .int: return node.int.map { .int(Int64($0)) } ?? .string(scalar.string)
            case .float: return node.float.map(JSONValue.double) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .sequence(let sequence): return .array(sequence.map(jsonValue))
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping { object[key.string ?? ""] = jsonValue(value) }
            return .object(object)
        case .alias: return .null
        }
    }
}
