import ResourceCatalog
import Sandbox
import Testing

@Suite("Sandbox resources and validation")
struct ResourceTests {
    @Test("create with missing required attributes and relationships answers 422 with pointers")
    func missingRequired() async throws {
        try await SandboxHarness.with { harness in
            let token = try await harness.token()
            let reply = try await harness.create("skus", ["description": "no code"], token: token)
            #expect(reply.status == 422)
            #expect(reply.errorCode == "VALIDATION_ERROR")
            #expect(
                Set(reply.pointers).isSuperset(of: [
                    "/data/attributes/code", "/data/attributes/name", "/data/relationships/shipping_category",
                ]))
            #expect(reply.json?["errors"]?.arrayValue?.first?["status"] == "422")
            let market = try await harness.create("markets", ["name": "EU"], token: token)
            #expect(
                Set(market.pointers) == [
                    "/data/relationships/merchant", "/data/relationships/price_list",
                    "/data/relationships/inventory_model",
                ])
        }
    }

    @Test("attribute types are checked and unknown attributes refused")
    func attributeTypes() async throws {
        try await SandboxHarness.with { harness in
            let token = try await harness.token()
            let reply = try await harness.create("shipping_categories", ["name": 12], token: token)
            #expect(reply.status == 422)
            #expect(reply.pointers == ["/data/attributes/name"])
            let unknown = try await harness.create("shipping_categories", ["name": "A", "colour": "red"], token: token)
            #expect(unknown.status == 400)
        }
    }

    @Test("a relationship to a record of the other environment is rejected")
    func crossEnvironment() async throws {
        try await SandboxHarness.with { harness in
            let live = try await harness.token(.live)
            let test = try await harness.token(.test)
            let category = try await harness.create("shipping_categories", ["name": "Std", "code": "STD"], token: live)
            let categoryID = try #require(category.data?["id"]?.stringValue)
            #expect(category.data?["meta"]?["mode"] == "live")
            let sku = try await harness.create(
                "skus", ["code": "A", "name": "A"],
                relationships: ["shipping_category": ("shipping_categories", categoryID)],
                token: test)
            #expect(sku.status == 422)
            #expect(sku.pointers == ["/data/relationships/shipping_category"])
            #expect(try await harness.get("/shipping_categories/\(categoryID)", token: test).status == 404)
            #expect(try await harness.server.count("shipping_categories", in: .test) == 0)
        }
    }

    @Test("a record others still point at is not deleted (423); once they are gone it is")
    func deleteBlockedByChildren() async throws {
        try await SandboxHarness.with { harness in
            let token = try await harness.token()
            let category = try await harness.create(
                "shipping_categories", ["name": "Std", "code": "STD"], token: token)
            let categoryID = try #require(category.data?["id"]?.stringValue)
            let sku = try await harness.create(
                "skus", ["code": "A", "name": "A"],
                relationships: ["shipping_category": ("shipping_categories", categoryID)], token: token)
            let skuID = try #require(sku.data?["id"]?.stringValue)
            let blocked = try await harness.send("DELETE", "/api/shipping_categories/\(categoryID)", token: token)
            #expect(blocked.status == 423, "\(blocked)")
            #expect(try await harness.server.count("shipping_categories", in: .test) == 1)
            #expect(try await harness.send("DELETE", "/api/skus/\(skuID)", token: token).status == 204)
            #expect(
                try await harness.send("DELETE", "/api/shipping_categories/\(categoryID)", token: token).status == 204)
        }
    }

    @Test("natural keys are unique: codes and composite keys such as (price_list, sku)")
    func uniqueness() async throws {
        try await SandboxHarness.with { harness in
            let token = try await harness.token()
            let category = try await harness.create(
                "shipping_categories", ["name": "Std", "code": "STD"], token: token)
            let duplicate = try await harness.create(
                "shipping_categories", ["name": "Other", "code": "STD"], token: token)
            #expect(duplicate.status == 422)
            #expect(duplicate.pointers == ["/data/attributes/code"])
            #expect(duplicate.json?["errors"]?.arrayValue?.first?["detail"] == "code - has already been taken")
            let live = try await harness.create(
                "shipping_categories", ["name": "Std", "code": "STD"], token: try await harness.token(.live))
            #expect(live.status == 201)

            let categoryID = try #require(category.data?["id"]?.stringValue)
            let sku = try await harness.create(
                "skus", ["code": "SKU-1", "name": "Shirt"],
                relationships: ["shipping_category": ("shipping_categories", categoryID)], token: token)
            #expect(sku.status == 201)
            let list = try await harness.create("price_lists", ["name": "EU", "currency_code": "EUR"], token: token)
            let listID = try #require(list.data?["id"]?.stringValue)
            let price = try await harness.create(
                "prices", ["sku_code": "SKU-1", "amount_cents": 1000],
                relationships: ["price_list": ("price_lists", listID)],
                token: token)
            #expect(price.status == 201)
            #expect(price.data?["attributes"]?["sku_code"] == "SKU-1")
            let again = try await harness.create(
                "prices", ["sku_code": "SKU-1", "amount_cents": 1200],
                relationships: ["price_list": ("price_lists", listID)],
                token: token)
            #expect(again.status == 422)
            #expect(again.pointers == ["/data/relationships/sku"])
            let stored = try await harness.server.records("prices", in: .test)
            #expect(stored.count == 1)
            #expect(stored.first?.relatedID("sku") == sku.data?["id"]?.stringValue)
            let unknownCode = try await harness.create(
                "prices", ["sku_code": "NOPE", "amount_cents": 1],
                relationships: ["price_list": ("price_lists", listID)],
                token: token)
            #expect(unknownCode.pointers == ["/data/relationships/sku"])
        }
    }

    @Test("retrieve, update, delete; 404, id mismatch, 406 and 415")
    func lifecycle() async throws {
        try await SandboxHarness.with { harness in
            let token = try await harness.token()
            let created = try await harness.create("tags", ["name": "sale", "reference": "r1"], token: token)
            #expect(created.status == 201)
            let id = try #require(created.data?["id"]?.stringValue)
            #expect(id.count == 10 && id.allSatisfy { $0.isLetter || $0.isNumber })
            let fetched = try await harness.get("/tags/\(id)", token: token)
            #expect(fetched.data?["links"]?["self"] == .string("\(harness.endpoint.baseURL)/api/tags/\(id)"))
            #expect(fetched.data?["meta"]?["organization_id"] == .string(harness.server.organizationID))
            #expect(fetched.data?["meta"]?["mode"] == "test")

            let mismatch = try await harness.send(
                "PATCH", "/api/tags/\(id)", token: token,
                body: ["data": ["type": "tags", "id": "other", "attributes": ["name": "x"]]])
            #expect(mismatch.status == 400)
            #expect(mismatch.errorCode == "KEY_NOT_INCLUDED_IN_URL")
            let patched = try await harness.send(
                "PATCH", "/api/tags/\(id)", token: token,
                body: ["data": ["type": "tags", "id": .string(id), "attributes": ["name": "clearance"]]])
            #expect(patched.status == 200)
            #expect(patched.data?["attributes"]?["name"] == "clearance")
            #expect(patched.data?["attributes"]?["reference"] == "r1")

            let notAcceptable = try await harness.send("GET", "/api/tags", token: token, accept: "text/html")
            #expect(notAcceptable.status == 406)
            let unsupported = try await harness.send(
                "POST", "/api/tags", token: token, body: ["data": ["type": "tags", "attributes": ["name": "b"]]],
                contentType: "application/json")
            #expect(unsupported.status == 415)

            #expect(try await harness.send("DELETE", "/api/tags/\(id)", token: token).status == 204)
            let gone = try await harness.get("/tags/\(id)", token: token)
            #expect(gone.status == 404)
            #expect(gone.errorCode == "RECORD_NOT_FOUND")
        }
    }
}
