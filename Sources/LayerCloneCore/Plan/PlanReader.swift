import ResourceCatalog
import Staging
import Yams

/// Walks the composed YAML of a plan, building the model and collecting issues.
struct PlanReader {
    let catalog: ResourceCatalog
    let file: String
    var issues: [PlanIssue] = []

    init(catalog: ResourceCatalog, file: String) {
        self.catalog = catalog
        self.file = file
    }

    static let topLevelKeys = [
        "source", "target", "resources", "missing_references", "include_parents", "limits",
        "environment_values",
    ]
    static let limitKeys = ["export_chunk", "import_chunk", "jobs_in_flight"]

    /// Reads the whole plan; nil when its shape is too broken to continue.
    mutating func readPlan(_ root: Node) -> Plan? {
        guard let mapping = expectMapping(root, "the plan") else { return nil }
        var plan = Plan(file: file, resources: [])
        var sawResources = false
        for (keyNode, value) in mapping {
            guard let key = expectKey(keyNode, allowed: Self.topLevelKeys, in: "the plan") else { continue }
            switch key {
            case "source": plan.source = readProfile(value, key)
            case "target": plan.target = readProfile(value, key)
            case "missing_references":
                plan.missingReferences = readEnum(value, key) ?? plan.missingReferences
            case "include_parents": plan.includeParents = readBool(value, key) ?? plan.includeParents
            case "limits": plan.limits = readLimits(value)
            case "environment_values": plan.environmentValues = readEnvironmentValues(value)
            case "resources":
                sawResources = true
                plan.resources = readResources(value)
            default: break
            }
        }
        checkCodeReferenceMasks(plan.resources)
        if let node = mapping["environment_values"] {
            checkEnvironmentValuesAgainstTransforms(plan, at: node)
        }
        if !sawResources {
            report(root, "the plan has no `resources`; list the types or presets to clone")
        }
        if !plan.includeParents {
            for selection in plan.resources where !selection.optionalParents.isEmpty {
                issues.append(
                    PlanIssue(
                        selection.location,
                        "contradictory options: \"\(selection.name)\" names `optional_parents` but the plan sets "
                            + "`include_parents: false`; remove one"))
            }
        }
        if let source = plan.source, source == plan.target,
            let node = mapping["target"]
        {
            report(node, "source and target are the same profile \"\(source)\"; a clone needs two environments")
        }
        return plan
    }

    // MARK: Sections

    private mutating func readProfile(_ node: Node, _ key: String) -> String? {
        guard let name = readString(node, key) else { return nil }
        if name.isEmpty || name.contains(where: { $0.isWhitespace }) || name.contains(":") {
            report(node, "`\(key)` must be a profile name (no spaces or colons); credentials never go in a plan")
            return nil
        }
        return name
    }

    private mutating func readLimits(_ node: Node) -> PlanLimits {
        var limits = PlanLimits.standard
        guard let mapping = expectMapping(node, "`limits`") else { return limits }
        for (keyNode, value) in mapping {
            guard let key = expectKey(keyNode, allowed: Self.limitKeys, in: "`limits`") else { continue }
            let maximum: Int =
                switch key {
                case "export_chunk": PlanLimits.maxExportChunk
                case "import_chunk": PlanLimits.maxImportChunk
                default: PlanLimits.maxJobsInFlight
                }
            guard let number = readInt(value, key) else { continue }
            guard (1...maximum).contains(number) else {
                report(value, "`\(key)` must be between 1 and \(maximum) (the API's limit), not \(number)")
                continue
            }
            switch key {
            case "export_chunk": limits.exportChunk = number
            case "import_chunk": limits.importChunk = number
            default: limits.jobsInFlight = number
            }
        }
        return limits
    }

    private mutating func readResources(_ node: Node) -> [ResourceSelection] {
        guard let mapping = expectMapping(node, "`resources`") else { return [] }
        if mapping.count == 0 {
            report(node, "`resources` is empty; list at least one type or preset")
        }
        var selections: [ResourceSelection] = []
        var seen: [String: SourceLocation] = [:]
        for (keyNode, value) in mapping {
            guard let name = readString(keyNode, "a resource name") else { continue }
            let location = self.location(keyNode)
            if let first = seen[name] {
                report(keyNode, "\"\(name)\" is listed twice in `resources` (first at \(first)); merge the entries")
                continue
            }
            seen[name] = location
            let subject: ResourceSelection.Subject
            if catalog.contains(ResourceType(name)) {
                subject = .type(ResourceType(name))
            } else if let preset = PlanPreset(named: name) {
                subject = .preset(preset)
            } else {
                report(keyNode, unknownTypeMessage(name))
                continue
            }
            var selection = ResourceSelection(subject: subject, location: location)
            readOptions(value, into: &selection)
            selections.append(selection)
        }
        return selections
    }

    func unknownTypeMessage(_ name: String) -> String {
        var message = "unknown resource type \"\(name)\""
        let candidates = catalog.types.map(\.rawValue) + PlanPreset.allCases.map(\.rawValue)
        if let close = candidates.min(by: { editDistance($0, name) < editDistance($1, name) }),
            editDistance(close, name) <= 2
        {
            message += "; did you mean \"\(close)\"?"
        } else {
            message +=
                "; run `layerclone catalog` for the types, or use a preset (catalog, store-setup, preset:customers)"
        }
        return message
    }

    // MARK: Scalars and shapes

    func location(_ node: Node) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    mutating func report(_ node: Node, _ message: String) {
        issues.append(PlanIssue(location(node), message))
    }

    mutating func expectMapping(_ node: Node, _ what: String) -> Node.Mapping? {
        if case .mapping(let mapping) = node { return mapping }
        report(node, "\(what) must be a mapping of keys to values")
        return nil
    }

    /// Reads a mapping key, reporting keys not in `allowed`.
    mutating func expectKey(_ node: Node, allowed: [String], in what: String) -> String? {
        guard let key = readString(node, "a key") else { return nil }
        guard allowed.contains(key) else {
            report(node, "unknown key \"\(key)\" in \(what); expected one of: \(allowed.joined(separator: ", "))")
            return nil
        }
        return key
    }

    mutating func readString(_ node: Node, _ what: String) -> String? {
        guard case .scalar(let scalar) = node, node.tagName != .null else {
            report(node, "\(what) must be a single value")
            return nil
        }
        return scalar.string
    }

    mutating func readInt(_ node: Node, _ what: String) -> Int? {
        guard let value = node.int, node.tagName == .int else {
            report(node, "`\(what)` must be a whole number")
            return nil
        }
        return value
    }

    mutating func readBool(_ node: Node, _ what: String) -> Bool? {
        guard let value = node.bool, node.tagName == .bool else {
            report(node, "`\(what)` must be true or false")
            return nil
        }
        return value
    }

    mutating func readEnum<Value: RawRepresentable & CaseIterable>(_ node: Node, _ what: String) -> Value?
    where Value.RawValue == String {
        // `null` is a policy name, but YAML reads a bare `null` as the null value.
        let isNullWord = if case .scalar(let scalar) = node { scalar.string == "null" } else { false }
        guard let text = isNullWord ? "null" : readString(node, "`\(what)`") else { return nil }
        if let value = Value(rawValue: text) { return value }
        let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
        report(node, "`\(what)` must be one of \(allowed), not \"\(text)\"")
        return nil
    }

    /// The list of strings in a sequence, or a single string as a one-element list.
    mutating func readStringList(_ node: Node, _ what: String) -> [(String, Node)] {
        if case .sequence(let sequence) = node {
            return sequence.compactMap { item in readString(item, "each item of `\(what)`").map { ($0, item) } }
        }
        return readString(node, "`\(what)`").map { [($0, node)] } ?? []
    }
}

/// Levenshtein distance, for "did you mean" suggestions.
func editDistance(_ lhs: String, _ rhs: String) -> Int {
    let left = Array(lhs)
    let right = Array(rhs)
    guard !left.isEmpty else { return right.count }
    guard !right.isEmpty else { return left.count }
    var previous = Array(0...right.count)
    for (i, leftChar) in left.enumerated() {
        var current = [i + 1] + Array(repeating: 0, count: right.count)
        for (j, rightChar) in right.enumerated() {
            current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (leftChar == rightChar ? 0 : 1))
        }
        previous = current
    }
    return previous[right.count]
}

extension Node {
    /// The resolved tag (`tag:yaml.org,2002:int`, …) of a composed node.
    var tagName: Tag.Name { Tag.Name(rawValue: tag.rawValue) }
}
