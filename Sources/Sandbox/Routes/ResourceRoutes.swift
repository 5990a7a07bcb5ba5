import Foundation
import Hummingbird
import ResourceCatalog

/// `/api/{type}` and `/api/{type}/{id}`: list, retrieve, create, update, delete, in the
/// environment of the request's token.
struct ResourceRoutes: Sendable {
    let state: SandboxState

    func register(on router: Router<SandboxRequestContext>) {
        router.get("/api/:type") { request, context in await respond { try await list(request, context) } }
        router.post("/api/:type") { request, context in await respond { try await create(request, context) } }
        router.get("/api/:type/:id") { request, context in await respond { try await retrieve(request, context) } }
        router.patch("/api/:type/:id") { request, context in await respond { try await update(request, context) } }
        router.delete("/api/:type/:id") { request, context in await respond { try await delete(request, context) } }
        router.get("/api/:type/:id/:relationship") { request, context in
            await respond { try await related(request, context) }
        }
    }

    private func respond(_ body: () async throws -> Response) async -> Response {
        do { return try await body() } catch { return JSONResponse.response(for: error) }
    }

    private func spec(_ context: SandboxRequestContext) throws -> ResourceSpec {
        let name = context.parameters.get("type") ?? ""
        guard let spec = state.catalog[ResourceType(name)] else {
            throw APIError.notFound("no resource type \(name)")
        }
        return spec
    }

    private func grant(_ context: SandboxRequestContext) throws -> TokenIssuer.Grant {
        guard let grant = context.grant else {
            throw APIError(status: 401, code: "UNAUTHORIZED", title: "Unauthorized", detail: "Missing token")
        }
        return grant
    }

    private func renderer(_ request: Request, _ parameters: QueryParameters) throws -> DocumentRenderer {
        var renderer = DocumentRenderer(
            catalog: state.catalog, apiBase: state.apiBase(for: request), organizationID: state.organizationID)
        renderer.fields = try ListRequest.fields(parameters, catalog: state.catalog)
        return renderer
    }

    private func list(_ request: Request, _ context: SandboxRequestContext) async throws -> Response {
        let spec = try spec(context)
        let environment = try grant(context).environment
        let parameters = QueryParameters(request.uri.query)
        let listRequest = try ListRequest(parameters, spec: spec, catalog: state.catalog)
        let include = try IncludeResolver(parameters["include"], spec: spec, catalog: state.catalog)
        let renderer = try renderer(request, parameters)
        var query = RecordQuery(types: spec.isAbstract ? spec.subtypes : [spec.type], environment: environment)
        query.filters = listRequest.filters
        query.sort = listRequest.sort
        query.limit = listRequest.pageSize
        query.offset = listRequest.offset
        let finalQuery = query
        let page = try await state.store.read { transaction in
            let (records, total) = try transaction.list(finalQuery)
            return (records, total, try include.resolve(records, in: transaction))
        }
        let pageCount = max(1, (page.1 + listRequest.pageSize - 1) / listRequest.pageSize)
        var document: [String: JSONValue] = [
            "data": .array(page.0.map { renderer.resource($0, withData: include.topLevel) }),
            "meta": ["record_count": .int(Int64(page.1)), "page_count": .int(Int64(pageCount))],
            "links": pageLinks(request, parameters, number: listRequest.pageNumber, count: pageCount),
        ]
        if !include.paths.isEmpty {
            document["included"] = .array(page.2.map { renderer.resource($0.record, withData: $0.withData) })
        }
        return JSONResponse.make(200, .object(document))
    }

    private func pageLinks(_ request: Request, _ parameters: QueryParameters, number: Int, count: Int) -> JSONValue {
        let base = state.apiBase(for: request) + request.uri.path.dropFirst("/api".count)
        let kept = parameters.pairs.filter { $0.name != "page[number]" }
        func link(_ page: Int) -> JSONValue {
            let pairs = kept + [("page[number]", String(page))]
            let query = pairs.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
            return .string(base + "?" + query)
        }
        var links: [String: JSONValue] = ["first": link(1), "last": link(count)]
        if number > 1 { links["prev"] = link(min(number - 1, count)) }
        if number < count { links["next"] = link(number + 1) }
        return .object(links)
    }

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-_.~,"))) ?? text
    }

    private func retrieve(_ request: Request, _ context: SandboxRequestContext) async throws -> Response {
        let spec = try spec(context)
        let environment = try grant(context).environment
        let id = context.parameters.get("id") ?? ""
        let parameters = QueryParameters(request.uri.query)
        let include = try IncludeResolver(parameters["include"], spec: spec, catalog: state.catalog)
        let renderer = try renderer(request, parameters)
        let types = spec.isAbstract ? spec.subtypes : [spec.type]
        let found = try await state.store.read {
            transaction -> (StoredRecord, [(record: StoredRecord, withData: Set<String>)])? in
            guard let record = try transaction.find(id: id, environment: environment), types.contains(record.type)
            else { return nil }
            return (record, try include.resolve([record], in: transaction))
        }
        guard let (record, included) = found else { throw APIError.notFound("\(spec.type)/\(id)") }
        var document: [String: JSONValue] = ["data": renderer.resource(record, withData: include.topLevel)]
        if !include.paths.isEmpty {
            document["included"] = .array(included.map { renderer.resource($0.record, withData: $0.withData) })
        }
        return JSONResponse.make(200, .object(document))
    }

    /// `GET /api/{type}/{id}/{relationship}`: the related record (to-one) or records (to-many).
    private func related(_ request: Request, _ context: SandboxRequestContext) async throws -> Response {
        let spec = try spec(context)
        let environment = try grant(context).environment
        let id = context.parameters.get("id") ?? ""
        let name = context.parameters.get("relationship") ?? ""
        guard let relationship = spec.relationship(name) else {
            throw APIError.notFound("\(spec.type)/\(id)/\(name): no such relationship")
        }
        let renderer = try renderer(request, QueryParameters(request.uri.query))
        let types = spec.isAbstract ? spec.subtypes : [spec.type]
        let targets = try await state.store.read { transaction -> [StoredRecord]? in
            guard let record = try transaction.find(id: id, environment: environment), types.contains(record.type)
            else { return nil }
            return try (record.relationships[name]?.refs ?? []).compactMap {
                try transaction.find(id: $0.id, environment: environment)
            }
        }
        guard let targets else { throw APIError.notFound("\(spec.type)/\(id)") }
        if relationship.isToMany {
            return JSONResponse.make(200, ["data": .array(targets.map { renderer.resource($0) })])
        }
        return JSONResponse.make(200, ["data": targets.first.map { renderer.resource($0) } ?? .null])
    }

    private func create(_ request: Request, _ context: SandboxRequestContext) async throws -> Response {
        let spec = try spec(context)
        let environment = try grant(context).environment
        let input = try RecordInput(document: try await JSONResponse.body(of: request), type: spec.type)
        let writer = state.writer
        let record = try await state.store.write { transaction in
            try writer.create(type: spec.type, environment: environment, input: input, in: transaction)
        }
        let renderer = try renderer(request, QueryParameters(request.uri.query))
        return JSONResponse.make(201, ["data": renderer.resource(record)])
    }

    private func update(_ request: Request, _ context: SandboxRequestContext) async throws -> Response {
        let spec = try spec(context)
        let environment = try grant(context).environment
        let id = context.parameters.get("id") ?? ""
        var input = try RecordInput(document: try await JSONResponse.body(of: request), type: spec.type)
        guard input.id == id else {
            throw APIError.badRequest(
                "KEY_NOT_INCLUDED_IN_URL", "The resource id \(input.id ?? "(none)") does not match the URL id \(id)",
                pointer: "/data/id")
        }
        input.id = nil
        let finalInput = input
        let writer = state.writer
        let record = try await state.store.write { transaction in
            try writer.update(type: spec.type, id: id, environment: environment, input: finalInput, in: transaction)
        }
        let renderer = try renderer(request, QueryParameters(request.uri.query))
        return JSONResponse.make(200, ["data": renderer.resource(record)])
    }

    private func delete(_ request: Request, _ context: SandboxRequestContext) async throws -> Response {
        let spec = try spec(context)
        let environment = try grant(context).environment
        let id = context.parameters.get("id") ?? ""
        let writer = state.writer
        try await state.store.write { transaction in
            try writer.delete(type: spec.type, id: id, environment: environment, in: transaction)
        }
        return JSONResponse.make(204, nil)
    }
}
