import Hummingbird
import NIOCore
import ResourceCatalog

/// `/api/exports`, `/api/imports`, `/api/cleanups` (create, list, retrieve, update with the
/// `_interrupt` / `_start` triggers, delete) and `/attachments/{job}/{file}`, the pre-signed
/// downloads (no token; 403 once expired).
struct JobRoutes: Sendable {
    let state: SandboxState

    var jobs: JobCenter { state.jobs }

    func register(on router: Router<SandboxRequestContext>) {
        for kind in JobKind.allCases {
            let path = "/api/\(kind.rawValue)"
            router.get(.init(path)) { request, context in await respond { try list(kind, request, context) } }
            router.post(.init(path)) { request, context in await respond { try await create(kind, request, context) } }
            router.get(.init(path + "/:id")) { request, context in
                await respond { try retrieve(kind, request, context) }
            }
            router.patch(.init(path + "/:id")) { request, context in
                await respond { try await update(kind, request, context) }
            }
            router.delete(.init(path + "/:id")) { request, context in
                await respond { try delete(kind, request, context) }
            }
        }
        router.get("/attachments/:job/:file") { request, context in download(request, context) }
    }

    private func respond(_ body: () async throws -> Response) async -> Response {
        do { return try await body() } catch { return JSONResponse.response(for: error) }
    }

    private func environment(_ context: SandboxRequestContext) throws -> SandboxEnvironment {
        guard let grant = context.grant else {
            throw APIError(status: 401, code: "UNAUTHORIZED", title: "Unauthorized", detail: "Missing token")
        }
        return grant.environment
    }

    private func renderer(_ request: Request) -> JobRenderer {
        let apiBase = state.apiBase(for: request)
        return JobRenderer(
            apiBase: apiBase, hostBase: String(apiBase.dropLast("/api".count)), organizationID: state.organizationID,
            attachments: jobs.attachments)
    }

    private func list(_ kind: JobKind, _ request: Request, _ context: SandboxRequestContext) throws -> Response {
        let environment = try environment(context)
        let query = try JobListQuery(QueryParameters(request.uri.query))
        let (page, total) = query.page(of: jobs.registry.jobs(kind: kind, environment: environment))
        let renderer = renderer(request)
        let pages = max(1, (total + query.pageSize - 1) / query.pageSize)
        return JSONResponse.make(
            200,
            [
                "data": .array(page.map(renderer.resource)),
                "meta": ["record_count": .int(Int64(total)), "page_count": .int(Int64(pages))],
            ])
    }

    private func create(_ kind: JobKind, _ request: Request, _ context: SandboxRequestContext) async throws
        -> Response
    {
        let environment = try environment(context)
        let document = try await JSONResponse.body(of: request)
        let job: Job =
            switch kind {
            case .exports: try await jobs.createExport(document: document, environment: environment)
            case .imports: try await jobs.createImport(document: document, environment: environment)
            case .cleanups: try await jobs.createCleanup(document: document, environment: environment)
            }
        var resource = renderer(request).resource(job)
        if kind == .imports, case .object(var object) = resource, case .object(var attributes)? = object["attributes"] {
            // Commerce Layer's answer to a create holds the inputs as sent (a retrieve may not).
            attributes["inputs"] = document["data"]?["attributes"]?["inputs"] ?? .null
            object["attributes"] = .object(attributes)
            resource = .object(object)
        }
        return JSONResponse.make(201, ["data": resource])
    }

    private func retrieve(_ kind: JobKind, _ request: Request, _ context: SandboxRequestContext) throws -> Response {
        let environment = try environment(context)
        let id = context.parameters.get("id") ?? ""
        guard let job = jobs.registry.job(id, kind: kind, environment: environment) else {
            throw APIError.notFound("\(kind)/\(id)")
        }
        return JSONResponse.make(200, ["data": renderer(request).resource(job)])
    }

    private func update(_ kind: JobKind, _ request: Request, _ context: SandboxRequestContext) async throws
        -> Response
    {
        let environment = try environment(context)
        let id = context.parameters.get("id") ?? ""
        let document = try await JSONResponse.body(of: request)
        var allowed: Set<String> = ["reference", "reference_origin", "metadata"]
        if kind != .cleanups { allowed.insert("_interrupt") }
        if kind == .exports { allowed.insert("_start") }
        let attributes = try JobAttributes(document: document, kind: kind, allowed: allowed)
        guard document["data"]?["id"]?.stringValue == id else {
            throw APIError.badRequest(
                "KEY_NOT_INCLUDED_IN_URL", "The resource id does not match the URL id \(id)", pointer: "/data/id")
        }
        guard jobs.registry.job(id, kind: kind, environment: environment) != nil else {
            throw APIError.notFound("\(kind)/\(id)")
        }
        if try attributes.bool("_interrupt", default: false) {
            _ = try jobs.interrupt(id, kind: kind, environment: environment)
        }
        if try attributes.bool("_start", default: false) {
            _ = try jobs.restart(id, kind: kind, environment: environment)
        }
        guard var current = jobs.registry.job(id) else { throw APIError.notFound("\(kind)/\(id)") }
        try attributes.applyCommon(to: &current)
        let now = jobs.clock.now()
        let (reference, origin, metadata) = (current.reference, current.referenceOrigin, current.metadata)
        let updated = jobs.registry.update(id) { job in
            job.reference = reference
            job.referenceOrigin = origin
            job.metadata = metadata
            job.times.updatedAt = now
        }
        guard let updated else { throw APIError.notFound("\(kind)/\(id)") }
        return JSONResponse.make(200, ["data": renderer(request).resource(updated)])
    }

    private func delete(_ kind: JobKind, _ request: Request, _ context: SandboxRequestContext) throws -> Response {
        try jobs.delete(context.parameters.get("id") ?? "", kind: kind, environment: try environment(context))
        return JSONResponse.make(204, nil)
    }

    private func download(_ request: Request, _ context: SandboxRequestContext) -> Response {
        let jobID = context.parameters.get("job") ?? ""
        let signature = QueryParameters(request.uri.query)["X-Amz-Signature"]
        do {
            let file = try jobs.attachments.download(jobID: jobID, signature: signature)
            var headers = HTTPFields()
            headers[.contentType] = file.contentType
            headers[.contentLength] = String(file.bytes.count)
            headers[.contentDisposition] = "attachment; filename=\"\(file.name)\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
        } catch {
            let (code, message) =
                error == .expired ? ("AccessDenied", "Request has expired") : ("AccessDenied", "Invalid signature")
            var headers = HTTPFields()
            headers[.contentType] = "application/xml"
            let body =
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>\(code)</Code>"
                + "<Message>\(message)</Message></Error>"
            return Response(status: .forbidden, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
        }
    }
}
