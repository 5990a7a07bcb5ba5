import ResourceCatalog
import Sandbox
import Testing

/// The sandbox's answers read as a client generated from Commerce Layer's schema expects: every
/// attribute of a listed or retrieved record has its schema type (the catalog is generated from
/// the schema), object attributes are objects or absent, never null (`metadata` is `{}` when
/// empty, a sku's `inventory` is not in lists), and an import's create answer holds its inputs.
@Suite("Sandbox response shapes")
struct ResponseShapeTests {
    /// Why `value` does not fit an attribute of `kind`, or nil when it does.
    static func mismatch(_ value: JSONValue, kind: AttributeKind) -> String? {
        if kind == .object { return value.objectValue == nil ? "an object attribute is \(value.canonicalJSON)" : nil }
        if value == .null { return nil }
        let fits: Bool =
            switch kind {
            case .string, .datetime: value.stringValue != nil
            case .integer: value.intValue != nil
            case .float: value.intValue != nil || value.doubleValue != nil
            case .boolean: value.boolValue != nil
            case .array: value.arrayValue != nil
            case .object: true
            }
        return fits ? nil : "a \(kind) attribute is \(value.canonicalJSON)"
    }

    static func check(_ resource: JSONValue, spec: ResourceSpec, context: String) {
        let attributes = resource["attributes"]?.objectValue ?? [:]
        #expect(attributes["metadata"]?.objectValue != nil || spec.attribute("metadata") == nil, "\(context): metadata")
        for attribute in spec.attributes where attribute.name != "id" {
            guard let value = attributes[attribute.name] else { continue }
            if let problem = mismatch(value, kind: attribute.kind) {
                Issue.record("\(context).\(attribute.name): \(problem)")
            }
        }
    }

    @Test("every type's list and retrieve answers give each attribute its schema type")
    func listAndRetrieve() async throws {
        try await JobsHarness.with { harness in
            try await harness.server.seedDemo(scale: 1, into: .test)
            var checked = 0
            for spec in ResourceCatalog.commerceLayer.specs where !spec.isAbstract {
                let list = try await harness.send(.GET, "/\(spec.type)?page[size]=5")
                #expect(list.status == 200, "\(spec.type)")
                let records = list.json?["data"]?.arrayValue ?? []
                for record in records { Self.check(record, spec: spec, context: "GET /\(spec.type)") }
                if spec.type == "skus" {
                    #expect(records.allSatisfy { $0["attributes"]?["inventory"] == nil }, "inventory in a sku list")
                }
                guard let id = records.first?["id"]?.stringValue else { continue }
                let one = try await harness.send(.GET, "/\(spec.type)/\(id)")
                #expect(one.status == 200)
                if let resource = one.json?["data"] {
                    Self.check(resource, spec: spec, context: "GET /\(spec.type)/id")
                }
                checked += 1
            }
            #expect(checked >= 25, "only \(checked) types had records")
        }
    }

    @Test("an import's create answer holds its inputs")
    func importCreateHoldsInputs() async throws {
        try await JobsHarness.with { harness in
            let inputs: JSONValue = [["name": "Summer"]]
            let created = try await harness.create("imports", ["resource_type": "sku_lists", "inputs": inputs])
            #expect(created.status == 201)
            #expect(created.json?["data"]?["attributes"]?["inputs"] == inputs)
        }
    }
}
