import ResourceCatalog
import Sandbox
import Testing

/// `--extra-attributes`: a Commerce Layer with attributes the catalog lacks.
@Suite("Newer schema")
struct NewerSchemaTests {
    @Test("TYPE.NAME pairs add string attributes, writable and exported, to their types only")
    func applied() throws {
        let schema = try NewerSchema.parse("skus.color, skus.finish,prices.note")
        #expect(schema.extraAttributes == ["skus": ["color", "finish"], "prices": ["note"]])
        let catalog = schema.applied(to: .commerceLayer)
        let color = try #require(catalog.spec("skus").attribute("color"))
        #expect(color.kind == .string && color.isCreatable && color.isUpdatable && color.isExportable)
        #expect(catalog.spec("prices").attribute("note") != nil)
        #expect(catalog.spec("markets").attributes == ResourceCatalog.commerceLayer.spec("markets").attributes)
        #expect(ResourceCatalog.commerceLayer.spec("skus").attribute("color") == nil)
    }

    @Test(
        "entries that are not a new attribute of a catalog type are refused, naming the entry",
        arguments: [("skus", "is not TYPE.NAME"), ("widgets.size", "names no type"), ("skus.code", "knows already")])
    func refused(entry: String, problem: String) {
        #expect {
            try NewerSchema.parse(entry)
        } throws: { error in
            "\(error)".contains("\"\(entry)\"") && "\(error)".contains(problem)
        }
    }
}
