extension ResourceCatalog {
    /// The catalog as one JSON document:
    /// `{"types":[{"name","identity","importable","import_parent","code_refs","relationships"}]}`.
    package func listingJSON() -> JSONValue {
        .object(["types": .array(specs.map(Self.listing(of:)))])
    }

    private static func listing(of spec: ResourceSpec) -> JSONValue {
        let relationships: [JSONValue] = spec.relationships.map { relationship in
            .object([
                "name": .string(relationship.name),
                "targets": .array(relationship.targets.map { .string($0.rawValue) }),
                "to_many": .bool(relationship.isToMany),
                "required": .bool(relationship.isRequired),
                "creatable": .bool(relationship.isCreatable),
                "polymorphic": .bool(relationship.isPolymorphic),
                "dependency": .bool(relationship.isDependency),
            ])
        }
        let codeReferences: [JSONValue] = spec.codeReferences.map { reference in
            .object([
                "attribute": .string(reference.attribute),
                "relationship": .string(reference.relationship),
                "target_attribute": .string(reference.targetAttribute),
            ])
        }
        return .object([
            "name": .string(spec.type.rawValue),
            "singular": .string(spec.singular),
            "identity": .array(spec.identity.displayNames.map { .string($0) }),
            "identity_kind": .string(spec.identity.hasNaturalKey ? "natural_key" : "reference_or_fingerprint"),
            "importable": .bool(spec.isImportable),
            "import_parent": spec.importParent.map { .string($0) } ?? .null,
            "code_refs": .array(codeReferences),
            "nested_import_children": .array(spec.nestedImportChildren.map { .string($0) }),
            "cacheable": .bool(spec.isCacheable),
            "legacy_exportable": .bool(spec.isLegacyExportable),
            "abstract_for": .array(spec.subtypes.map { .string($0.rawValue) }),
            "relationships": .array(relationships),
        ])
    }

    /// The catalog as an aligned text table, one type per line, followed by each type's
    /// relationships.
    package func listingText() -> String {
        var lines: [String] = []
        let width = specs.map(\.type.rawValue.count).max() ?? 0
        for spec in specs {
            let name = spec.type.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
            let method = spec.isAbstract ? "abstract" : (spec.isWrittenByImport ? "import" : "rest")
            var line = "\(name)  \(method.padding(toLength: 8, withPad: " ", startingAt: 0))"
            line += "  identity: \(spec.identity.displayNames.joined(separator: " + "))"
            if let parent = spec.importParent { line += "  parent: \(parent)" }
            if !spec.codeReferences.isEmpty {
                line += "  code refs: \(spec.codeReferences.map(\.attribute).joined(separator: ", "))"
            }
            lines.append(line)
            for relationship in spec.relationships {
                var flags: [String] = []
                if relationship.isRequired { flags.append("required") }
                if relationship.isToMany { flags.append("to-many") }
                if !relationship.isDependency { flags.append("inverse") }
                let targets = relationship.targets.map(\.rawValue).joined(separator: " | ")
                let suffix = flags.isEmpty ? "" : " (\(flags.joined(separator: ", ")))"
                lines.append("    \(relationship.name) → \(targets)\(suffix)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
