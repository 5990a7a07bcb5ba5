import Foundation
import Logging
import ResourceCatalog

/// The client of one Commerce Layer environment (real or sandbox: only the URLs differ).
///
/// Every request goes through `send`: bearer token, pacing under the environment's rate
/// limits, retries of what is safe to retry, error decoding and metrics. Copies share their
/// token provider, limiter and metrics.
package struct CommerceLayerClient: Sendable {
    /// The profile this client speaks for.
    package let profile: Profile
    /// The request path shared with the token provider.
    package let executor: RequestExecutor
    /// The token cache of the profile.
    package let tokens: TokenProvider
    /// Types, for deciding which GETs are cacheable.
    package let catalog: ResourceCatalog
    /// How long one API request may take, response head and body, before it counts as a
    /// failed attempt (async-http-client keeps retrying a refused connection until then).
    package let requestTimeout: Duration

    /// Builds a client.
    /// - Parameters:
    ///   - limiter: share one limiter between clients of the same environment; nil for a new one.
    package init(
        profile: Profile, transport: any HTTPTransport, clock: any APIClock = SystemAPIClock(),
        logger: Logger = Logger(label: "layerclone.api"), limiter: RateLimiter? = nil,
        retryPolicy: RetryPolicy = .standard, metrics: ClientMetrics = ClientMetrics(),
        catalog: ResourceCatalog = .commerceLayer, requestTimeout: Duration = .seconds(60)
    ) {
        self.profile = profile
        self.requestTimeout = requestTimeout
        self.catalog = catalog
        executor = RequestExecutor(
            transport: transport, clock: clock, limiter: limiter ?? RateLimiter(clock: clock), policy: retryPolicy,
            metrics: metrics, logger: logger)
        tokens = TokenProvider(profile: profile, executor: executor, timeout: requestTimeout)
    }

    /// The request and retry counters.
    package var metrics: ClientMetrics { executor.metrics }

    /// When the API stopped answering, if it has not answered for longer than the outage
    /// budget since (`OutageWatch`): the client fails every request at once.
    package var unavailableSince: Date? { executor.outage.exceeded(now: executor.clock.now()) }

    /// The clock used for pacing, backoff and polling.
    package var clock: any APIClock { executor.clock }

    /// The organization and environment the credentials reach (fetches a token if needed).
    package func claims() async throws -> TokenClaims { try await tokens.claims() }

    /// A successful API answer.
    package struct Response: Sendable {
        /// The HTTP status (2xx).
        package var status: Int
        /// The header fields.
        package var headers: [(name: String, value: String)]
        /// The body (empty for 204).
        package var body: Data

        /// The body as a JSON:API document.
        package func document(for request: String) throws -> JSONAPIDocument {
            do {
                return try JSONAPIDocument(data: body)
            } catch {
                throw CommerceLayerError.invalidResponse(request: request, reason: "\(error)")
            }
        }
    }

    /// Sends one API request: the single path every API call takes.
    ///
    /// - Parameters:
    ///   - path: the path under `/api/` (`skus`, `skus/xYZ`, `exports`).
    ///   - safety: `.notIdempotent` for creates (see `RequestExecutor.Safety`).
    /// - Throws: `CommerceLayerError.api` for error answers (after a token refresh on each 401
    ///   `INVALID_TOKEN`, at most three: a request retried past a token's expiry, say after
    ///   429 waits, gets a fresh one each time), or the executor's errors.
    package func send(
        _ method: String, _ path: String, query: Query = Query(), body: Data? = nil,
        safety: RequestExecutor.Safety = .idempotent
    ) async throws -> Response {
        let encoded = query.encoded
        let url = URL(string: profile.baseURL.absoluteString + "/api/" + path + (encoded.isEmpty ? "" : "?" + encoded))!
        let pacing = pacingKey(method: method, path: path)
        var refreshes = 0
        while true {
            let token = try await tokens.token()
            let request = HTTPRequest(
                method: method, url: url,
                headers: [
                    (name: "Accept", value: "application/vnd.api+json"),
                    (name: "Content-Type", value: "application/vnd.api+json"),
                    (name: "Authorization", value: token.authorization),
                ], body: body, timeout: requestTimeout)
            let response = try await executor.performCollecting(
                request, pacing: pacing, safety: safety, limit: 64 * 1024 * 1024)
            let data = response.body
            if (200..<300).contains(response.status) {
                return Response(status: response.status, headers: response.headers, body: data)
            }
            let error = APIError(status: response.status, request: "\(method) /api/\(path)", body: data)
            if response.status == 401, error.has(code: "INVALID_TOKEN"), refreshes < 3 {
                refreshes += 1
                await tokens.invalidate(token)
                executor.logger.info("token refused as invalid; fetching a new one")
                continue
            }
            throw CommerceLayerError.api(error)
        }
    }

    /// The rate-limit window of a request: cacheable GETs by type, the rest as "other"; the
    /// endpoint replaces record ids with `:id`.
    package func pacingKey(method: String, path: String) -> PacingKey {
        let segments = path.split(separator: "/").map(String.init)
        var endpoint = "\(method) /api"
        for (index, segment) in segments.enumerated() {
            endpoint += index == 1 ? "/:id" : "/\(segment)"
        }
        let type = segments.first.map(ResourceType.init(_:))
        let cacheable = method == "GET" && type.flatMap { catalog[$0]?.isCacheable } == true
        return PacingKey(cacheable ? .cacheable : .other, endpoint: endpoint)
    }
}
