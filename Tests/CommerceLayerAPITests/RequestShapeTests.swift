import Foundation
import ResourceCatalog
import Testing

@testable import CommerceLayerAPI

@Suite("Request shapes and headers")
struct RequestShapeTests {
    @Test("the token request is a client_credentials JSON POST to the token URL")
    func tokenRequest() async throws {
        let api = FakeAPI { _, _ in FakeAPI.json(200, ["data": [], "meta": ["record_count": 0, "page_count": 0]]) }
        let client = makeClient(api)
        let claims = try await client.claims()
        #expect(claims.organizationSlug == "acme")
        #expect(claims.environment == .test)
        let request = try #require(api.requests.first)
        #expect(request.method == "POST")
        #expect(request.url.absoluteString == "https://auth.commercelayer.io/oauth/token")
        #expect(request.header("Content-Type") == "application/json")
        #expect(
            request.bodyJSON
                == [
                    "grant_type": "client_credentials", "client_id": "client-id-1",
                    "client_secret": "very-secret-value",
                ])
    }

    @Test("API requests carry the JSON:API headers and the bearer token")
    func apiHeaders() async throws {
        let api = FakeAPI { _, _ in
            FakeAPI.json(
                200,
                [
                    "data": [FakeAPI.resource("skus", "s1", ["code": "A"])],
                    "meta": ["record_count": 1, "page_count": 1],
                ])
        }
        let client = makeClient(api)
        let query = Query().filter("code", .in, ["A", "B"]).filter("name", .cont, "shirt & co").include("prices")
            .fields("skus", ["code", "name"]).sort("code", "-created_at").pageSize(10)
        _ = try await client.page("skus", query: query)
        let request = try #require(api.apiRequests.first)
        #expect(request.header("Accept") == "application/vnd.api+json")
        #expect(request.header("Content-Type") == "application/vnd.api+json")
        let token = try #require(request.header("Authorization"))
        #expect(token.hasPrefix("Bearer ey"))
        #expect(
            request.target
                == "/api/skus?filter[q][code_in]=A,B&filter[q][name_cont]=shirt & co&include=prices"
                + "&fields[skus]=code,name&sort=code,-created_at&page[size]=10")
        #expect(request.url.query?.contains("%5Bq%5D") == true)
        #expect(request.url.query?.contains("shirt%20%26%20co") == true)
    }

    @Test("a create sends a JSON:API document with attributes and relationships")
    func createBody() async throws {
        let api = FakeAPI { request, _ in
            FakeAPI.json(201, ["data": FakeAPI.resource("skus", "new1", ["code": "TS"])])
        }
        let client = makeClient(api)
        let created = try await client.create(
            "skus", attributes: ["code": "TS", "name": "T-shirt"],
            relationships: ["shipping_category": .toOne(ResourceIdentifier(type: "shipping_categories", id: "sc1"))])
        #expect(created.id == "new1")
        let request = try #require(api.apiRequests.first)
        #expect(request.method == "POST")
        #expect(request.url.path == "/api/skus")
        #expect(
            request.bodyJSON
                == [
                    "data": [
                        "type": "skus", "attributes": ["code": "TS", "name": "T-shirt"],
                        "relationships": ["shipping_category": ["data": ["type": "shipping_categories", "id": "sc1"]]],
                    ]
                ])
    }

    @Test("an update PATCHes with data.id equal to the URL id")
    func updateBody() async throws {
        let api = FakeAPI { _, _ in FakeAPI.json(200, ["data": FakeAPI.resource("skus", "s1", ["name": "B"])]) }
        let client = makeClient(api)
        _ = try await client.update("skus", id: "s1", attributes: ["name": "B"])
        let request = try #require(api.apiRequests.first)
        #expect(request.method == "PATCH")
        #expect(request.url.path == "/api/skus/s1")
        #expect(request.bodyJSON == ["data": ["type": "skus", "id": "s1", "attributes": ["name": "B"]]])
    }

    @Test("errors carry status, code, title, detail, pointer and meta; status is read as a string")
    func errorDecoding() async throws {
        let api = FakeAPI { _, _ in
            FakeAPI.json(
                422,
                [
                    "errors": [
                        [
                            "title": "can't be blank", "detail": "code - can't be blank", "code": "VALIDATION_ERROR",
                            "status": "422", "source": ["pointer": "/data/attributes/code"], "meta": ["error": "blank"],
                        ]
                    ]
                ])
        }
        let client = makeClient(api)
        await #expect {
            _ = try await client.create("skus", attributes: [:])
        } throws: { error in
            guard case CommerceLayerError.api(let apiError) = error, let first = apiError.errors.first else {
                return false
            }
            return apiError.status == 422 && first.code == "VALIDATION_ERROR" && first.status == "422"
                && first.pointer == "/data/attributes/code" && first.title == "can't be blank"
                && first.detail == "code - can't be blank" && first.meta["error"] == "blank"
        }
    }

    @Test("cacheable GETs and other requests are paced in different classes, ids folded into the endpoint")
    func pacingKeys() {
        let client = makeClient(FakeAPI { _, _ in FakeAPI.json(200, ["data": []]) })
        #expect(client.pacingKey(method: "GET", path: "skus") == PacingKey(.cacheable, endpoint: "GET /api/skus"))
        #expect(
            client.pacingKey(method: "GET", path: "skus/abc") == PacingKey(.cacheable, endpoint: "GET /api/skus/:id"))
        #expect(client.pacingKey(method: "GET", path: "customers") == PacingKey(.other, endpoint: "GET /api/customers"))
        #expect(client.pacingKey(method: "POST", path: "skus") == PacingKey(.other, endpoint: "POST /api/skus"))
    }
}
