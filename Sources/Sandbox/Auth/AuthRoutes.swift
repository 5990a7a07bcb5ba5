import Hummingbird
import ResourceCatalog

/// `POST /oauth/token` with a JSON body, client credentials grant.
struct AuthRoutes: Sendable {
    let state: SandboxState

    func register(on router: Router<SandboxRequestContext>) {
        router.post("/oauth/token") { request, _ in
            do { return try await token(request) } catch { return JSONResponse.response(for: error) }
        }
    }

    private func token(_ request: Request) async throws -> Response {
        let body = try await JSONResponse.body(of: request)
        guard body["grant_type"]?.stringValue == "client_credentials" else {
            throw APIError(
                status: 401, code: "UNAUTHORIZED", title: "Unauthorized",
                detail: "Only the client_credentials grant type is supported")
        }
        guard
            let grant = state.tokens.grant(
                clientID: body["client_id"]?.stringValue ?? "", clientSecret: body["client_secret"]?.stringValue ?? "",
                scope: body["scope"]?.stringValue)
        else {
            throw APIError(
                status: 401, code: "UNAUTHORIZED", title: "Unauthorized",
                detail: "Invalid client credentials: check client_id and client_secret")
        }
        return JSONResponse.make(
            200,
            [
                "access_token": .string(grant.accessToken), "token_type": "bearer",
                "expires_in": .int(Int64(grant.expiresAt - grant.issuedAt)), "scope": .string(grant.scope),
                "created_at": .int(Int64(grant.issuedAt)),
            ], contentType: "application/json")
    }
}
