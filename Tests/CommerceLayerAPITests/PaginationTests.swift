import Foundation
import ResourceCatalog
import Testing

@testable import CommerceLayerAPI

@Suite("Pagination")
struct PaginationTests {
    static func pages(total: Int) -> FakeAPI.Handler {
        { request, _ in
            let items = URLComponents(url: request.url, resolvingAgainstBaseURL: false)!.queryItems ?? []
            let number = Int(items.first { $0.name == "page[number]" }?.value ?? "1")!
            let size = Int(items.first { $0.name == "page[size]" }?.value ?? "10")!
            let start = (number - 1) * size
            let ids = start < total ? Array(start..<min(total, start + size)) : []
            let pageCount = (total + size - 1) / size
            return FakeAPI.json(
                200,
                [
                    "data": .array(ids.map { FakeAPI.resource("skus", "s\($0)", ["code": .string("C\($0)")]) }),
                    "meta": ["record_count": .int(Int64(total)), "page_count": .int(Int64(pageCount))],
                ])
        }
    }

    @Test("list walks every page at 25 per page", arguments: [0, 1, 25, 26, 60])
    func walksPages(total: Int) async throws {
        let api = FakeAPI(handler: Self.pages(total: total))
        let client = makeClient(api)
        let all = try await client.list("skus", query: Query().sort("id")).collect()
        #expect(all.map(\.id) == (0..<total).map { "s\($0)" })
        let requested = api.apiRequests.map(\.target)
        let expectedPages = max(1, (total + 24) / 25)
        #expect(requested.count == expectedPages)
        #expect(requested.first == "/api/skus?sort=id&page[number]=1&page[size]=25")
    }

    @Test("count asks for one record and reads meta.record_count")
    func count() async throws {
        let api = FakeAPI(handler: Self.pages(total: 42))
        let client = makeClient(api)
        #expect(try await client.count("skus", filters: Query().filter("code", .start, "C")) == 42)
        #expect(api.apiRequests.first?.target == "/api/skus?filter[q][code_start]=C&page[number]=1&page[size]=1")
    }

    @Test("page sizes above 25 are clamped")
    func clamp() {
        #expect(Query().pageSize(100).size == 25)
        #expect(Query().pageSize(0).size == 1)
    }
}
