import ResourceCatalog
import Sandbox
import Testing

@Suite("Sandbox list queries")
struct QueryTests {
    /// Runs `body` against a sandbox seeded with the demo store at scale 1 in test.
    private func withDemo(_ body: (SandboxHarness, String) async throws -> Void) async throws {
        try await SandboxHarness.with { harness in
            try await harness.server.seedDemo(scale: 1, into: .test)
            try await body(harness, try await harness.token())
        }
    }

    @Test("pagination: default 10, max 25, meta counts and links")
    func pagination() async throws {
        try await withDemo { harness, token in
            let first = try await harness.get("/skus", token: token)
            #expect(first.data?.arrayValue?.count == 10)
            #expect(first.json?["meta"]?["record_count"] == 50)
            #expect(first.json?["meta"]?["page_count"] == 5)
            #expect(first.json?["links"]?["prev"] == nil)
            let next = try #require(first.json?["links"]?["next"]?.stringValue)
            #expect(next.contains("page%5Bnumber%5D=2"))
            let second = try await harness.send("GET", next, token: token)
            #expect(second.data?.arrayValue?.first?["id"] != first.data?.arrayValue?.first?["id"])
            let big = try await harness.get("/skus?page[size]=25&page[number]=2", token: token)
            #expect(big.data?.arrayValue?.count == 25)
            #expect(big.json?["links"]?["next"] == nil)
            let tooBig = try await harness.get("/skus?page[size]=26", token: token)
            #expect(tooBig.status == 400)
            #expect(tooBig.errorCode == "INVALID_PAGE_VALUE")
        }
    }

    @Test("sort ascending, descending and by several keys")
    func sorting() async throws {
        try await withDemo { harness, token in
            let descending = try await harness.get("/skus?sort=-code&page[size]=3", token: token)
            let codes = descending.data?.arrayValue?.compactMap { $0["attributes"]?["code"]?.stringValue } ?? []
            #expect(codes == ["DEMO-SKU-000049", "DEMO-SKU-000048", "DEMO-SKU-000047"])
            let byTwo = try await harness.get("/prices?sort=amount_cents,-created_at&page[size]=25", token: token)
            let amounts = byTwo.data?.arrayValue?.compactMap { $0["attributes"]?["amount_cents"]?.intValue } ?? []
            #expect(amounts == amounts.sorted())
            #expect(try await harness.get("/skus?sort=nope", token: token).errorCode == "INVALID_SORT_CRITERIA")
        }
    }

    @Test("include one and two levels, and sparse fields")
    func includeAndFields() async throws {
        try await withDemo { harness, token in
            let reply = try await harness.get(
                "/prices?include=sku,sku.shipping_category&fields[prices]=amount_cents,sku&fields[skus]=code,shipping_category&page[size]=2",
                token: token)
            #expect(reply.status == 200)
            let price = try #require(reply.data?.arrayValue?.first)
            #expect(price["attributes"]?.objectValue?.keys.sorted() == ["amount_cents"])
            #expect(price["relationships"]?["sku"]?["data"]?["type"] == "skus")
            let included = reply.json?["included"]?.arrayValue ?? []
            #expect(included.contains { $0["type"] == "skus" })
            #expect(included.contains { $0["type"] == "shipping_categories" })
            let sku = try #require(included.first { $0["type"] == "skus" })
            #expect(sku["attributes"]?.objectValue?.keys.sorted() == ["code"])
            #expect(sku["relationships"]?["shipping_category"]?["data"]?["type"] == "shipping_categories")
            #expect(try await harness.get("/prices?include=nope", token: token).errorCode == "INVALID_INCLUDE")
        }
    }

    static let predicates: [(String, Int)] = [
        ("code_eq]=DEMO-SKU-000003", 1),
        ("code_not_eq]=DEMO-SKU-000003", 49),
        ("code_in]=DEMO-SKU-000003,DEMO-SKU-000004,NOPE", 2),
        ("code_not_in]=DEMO-SKU-000003,DEMO-SKU-000004", 48),
        ("code_gt]=DEMO-SKU-000045", 4),
        ("code_gteq]=DEMO-SKU-000045", 5),
        ("code_lt]=DEMO-SKU-000005", 5),
        ("code_lteq]=DEMO-SKU-000005", 6),
        ("code_start]=DEMO-SKU-00001", 10),
        ("code_end]=7", 5),
        ("name_cont]=Hoodie", 8),
        ("reference_null]=true", -1),
        ("reference_not_null]=true", -2),
        ("reference_present]=true", -2),
        ("reference_blank]=true", -1),
        ("metadata_jcont]={\"collection\":\"summer\"}", 25),
        ("code_or_name_cont]=000011", 1),
        ("shipping_category_code_eq]=SC-HEAVY", 5),
        ("tags_name_in]=sale,limited", 4),
        ("tags_name_eq]=new", 8),
    ]

    @Test("every filter predicate on skus counts what it should")
    func filters() async throws {
        try await withDemo { harness, token in
            let all = try await harness.server.records("skus", in: .test)
            let withReference = all.filter { $0.attributes["reference"] != nil }.count
            #expect(withReference > 0 && withReference < all.count)
            for (filter, expected) in Self.predicates {
                let reply = try await harness.get("/skus?filter[q][\(filter)", token: token)
                #expect(reply.status == 200, "\(filter)")
                let count = reply.json?["meta"]?["record_count"]?.intValue
                switch expected {
                case -1: #expect(count == Int64(all.count - withReference), "\(filter)")
                case -2: #expect(count == Int64(withReference), "\(filter)")
                default: #expect(count == Int64(expected), "\(filter)")
                }
            }
        }
    }

    @Test("relationship filters, booleans and id ranges")
    func relationshipAndIDFilters() async throws {
        try await withDemo { harness, token in
            let byCode = try await harness.get("/prices?filter[q][price_list_code_eq]=PL-EUR", token: token)
            #expect(byCode.json?["meta"]?["record_count"] == 50)
            let bySku = try await harness.get(
                "/prices?filter[q][sku_code_in]=DEMO-SKU-000001,DEMO-SKU-000002", token: token)
            // One per market, and one in the outlet list.
            #expect(bySku.json?["meta"]?["record_count"] == 6)
            let market = try #require(try await harness.server.records("markets", in: .test).first)
            let methods = try await harness.get("/shipping_methods?filter[q][market_id_eq]=\(market.id)", token: token)
            #expect(methods.json?["meta"]?["record_count"] == 2)
            let manual = try await harness.get("/sku_lists?filter[q][manual_true]=true", token: token)
            #expect(manual.json?["meta"]?["record_count"] == 3)
            let notManual = try await harness.get("/sku_lists?filter[q][manual_false]=true", token: token)
            #expect(notManual.json?["meta"]?["record_count"] == 0)

            let ids = try await harness.server.records("skus", in: .test).map(\.id).sorted()
            let range = try await harness.get(
                "/skus?filter[q][id_gt]=\(ids[9])&filter[q][id_lteq]=\(ids[19])&sort=id&page[size]=25", token: token)
            #expect(range.data?.arrayValue?.compactMap { $0["id"]?.stringValue } == Array(ids[10...19]))
            #expect(try await harness.get("/skus?filter[q][bogus_eq]=1", token: token).status == 400)
        }
    }
}
