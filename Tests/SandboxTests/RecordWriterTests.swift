import ResourceCatalog
import Sandbox
import Testing

@Suite("Sandbox record writer")
struct RecordWriterTests {
    @Test("upsert updates by id, then by natural key, else creates")
    func upsert() async throws {
        let store = try SandboxStore.inMemory()
        defer { store.close() }
        let writer = RecordWriter(clock: SandboxClock())
        let results = try await store.write { transaction in
            let category = try writer.create(
                type: "shipping_categories", environment: .test,
                input: RecordInput(attributes: ["name": "Std", "code": "STD"]), in: transaction)
            let first = try writer.upsert(
                type: "shipping_categories", environment: .test,
                input: RecordInput(attributes: ["name": "Standard", "code": "STD"]), in: transaction)
            let second = try writer.upsert(
                type: "shipping_categories", environment: .test,
                input: RecordInput(attributes: ["name": "Heavy", "code": "HEAVY"]), in: transaction)
            let third = try writer.upsert(
                type: "shipping_categories", environment: .test,
                input: RecordInput(id: category.id, attributes: ["name": "Renamed"]), in: transaction)
            return (category.id, first, second, third)
        }
        #expect(results.1.created == false && results.1.record.id == results.0)
        #expect(results.2.created == true)
        #expect(results.3.record.attributes["name"] == "Renamed" && results.3.record.attributes["code"] == "STD")
        let count = try await store.read { try $0.count(type: "shipping_categories", environment: .test) }
        #expect(count == 2)
    }

    @Test("a record created without a boolean holds the schema's default; a given value wins")
    func booleanDefaults() async throws {
        let store = try SandboxStore.inMemory()
        defer { store.close() }
        let writer = RecordWriter(clock: SandboxClock())
        let (plain, given) = try await store.write { transaction in
            let plain = try writer.create(
                type: "price_lists", environment: .test,
                input: RecordInput(attributes: ["name": "EU", "currency_code": "EUR"]), in: transaction)
            let given = try writer.create(
                type: "price_lists", environment: .test,
                input: RecordInput(attributes: ["name": "US", "currency_code": "USD", "tax_included": false]),
                in: transaction)
            return (plain, given)
        }
        #expect(plain.attributes["tax_included"] == true)
        #expect(given.attributes["tax_included"] == false)
        let address = try await store.write { transaction in
            try writer.create(
                type: "addresses", environment: .test,
                input: RecordInput(
                    attributes: [
                        "first_name": "A", "last_name": "B", "line_1": "Via 1", "city": "Rome", "zip_code": "00100",
                        "country_code": "IT", "phone": "+39 06 1234",
                    ]), in: transaction)
        }
        #expect(address.attributes["business"] == false)
    }

    @Test("the related-records route follows a relationship")
    func relatedRoute() async throws {
        try await SandboxHarness.with { harness in
            try await harness.server.seedDemo(scale: 1, into: .test)
            let token = try await harness.token()
            let price = try #require(try await harness.server.records("prices", in: .test).first)
            let sku = try await harness.get("/prices/\(price.id)/sku", token: token)
            #expect(sku.data?["id"] == .string(price.relatedID("sku") ?? ""))
            let market = try #require(try await harness.server.records("markets", in: .test).first)
            let list = try await harness.get("/markets/\(market.id)/price_list", token: token)
            #expect(list.data?["type"] == "price_lists")
        }
    }
}
