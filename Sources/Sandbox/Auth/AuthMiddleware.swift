import Hummingbird

/// Checks JSON:API headers and the bearer token of `/api` requests: 406 for a wrong
/// `Accept`, 415 for a wrong `Content-Type` on writes, 401 `INVALID_TOKEN` for an expired or
/// unknown token, 401 `UNAUTHORIZED` without one. Sets the context's grant.
struct AuthMiddleware: RouterMiddleware {
    let state: SandboxState

    func handle(
        _ request: Request, context: SandboxRequestContext,
        next: (Request, SandboxRequestContext) async throws -> Response
    ) async throws -> Response {
        guard request.uri.path.hasPrefix("/api/") else { return try await next(request, context) }
        if let accept = request.headers[.accept], !accept.contains(JSONResponse.mediaType), !accept.contains("*/*") {
            return JSONResponse.error(
                APIError(
                    status: 406, code: "NOT_ACCEPTABLE", title: "Not acceptable",
                    detail: "All requests must use the '\(JSONResponse.mediaType)' Accept without media type parameters"
                ))
        }
        if request.method == .post || request.method == .patch,
            request.headers[.contentType]?.hasPrefix(JSONResponse.mediaType) != true
        {
            return JSONResponse.error(
                APIError(
                    status: 415, code: "UNSUPPORTED_MEDIA_TYPE", title: "Unsupported media type",
                    detail: "All requests that create or update must use the '\(JSONResponse.mediaType)' Content-Type"))
        }
        switch state.tokens.verify(authorization: request.headers[.authorization]) {
        case .success(let grant):
            var context = context
            context.grant = grant
            return try await next(request, context)
        case .failure(.expired):
            return JSONResponse.error(
                APIError(
                    status: 401, code: "INVALID_TOKEN", title: "Invalid token",
                    detail: "The access token you provided has expired"))
        case .failure(.unknown):
            return JSONResponse.error(
                APIError(
                    status: 401, code: "INVALID_TOKEN", title: "Invalid token",
                    detail: "The access token you provided is invalid"))
        case .failure(.missing):
            return JSONResponse.error(
                APIError(
                    status: 401, code: "UNAUTHORIZED", title: "Unauthorized",
                    detail: "Missing access token: send Authorization: Bearer <token>"))
        }
    }
}
