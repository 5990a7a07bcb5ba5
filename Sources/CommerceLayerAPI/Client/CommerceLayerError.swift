import Foundation
import ResourceCatalog

/// Everything that can go wrong talking to Commerce Layer, with what failed and where.
///
/// Descriptions never contain secrets or tokens.
package enum CommerceLayerError: Error, Sendable, CustomStringConvertible {
    /// The API answered with an error status.
    case api(APIError)
    /// The token endpoint refused the credentials (or answered something unusable).
    case authenticationFailed(profile: String, status: Int, detail: String)
    /// The host could not be reached, after retries.
    case unreachable(request: String, attempts: Int, cause: TransportError)
    /// The API has failed every request (network errors, 5xx) for longer than the client's
    /// outage budget (`OutageWatch`): the run stops and can be resumed.
    case unavailable(since: Date, budget: Duration)
    /// The server kept failing (5xx), after retries.
    case serverFailing(request: String, status: Int, attempts: Int)
    /// 429 answers kept coming past the retry budget.
    case rateLimited(request: String, attempts: Int)
    /// A non-idempotent request (a create) failed in a way that leaves unknown whether it
    /// was applied; the caller must look the record up before trying again.
    case outcomeUnknown(request: String, cause: String)
    /// A success answer whose body is not what the API documents.
    case invalidResponse(request: String, reason: String)
    /// An export would cover more records than the API allows (`meta.error` =
    /// `less_than_or_equal_to`); `maximum` is the allowed count (`meta.count`).
    case exportTooManyRecords(resourceType: ResourceType, maximum: Int?, error: APIError)
    /// An export matches no record (`meta.error` = `greater_than`).
    case exportMatchesNothing(resourceType: ResourceType, error: APIError)
    /// A job did not reach a terminal state in time.
    case jobTimedOut(job: String, status: String, waited: Duration)
    /// An export has no attachment to download (not completed, or the URL stays expired).
    case attachmentUnavailable(export: String, reason: String)
    /// A downloaded export does not hold the number of records the job announced.
    case recordCountMismatch(export: String, expected: Int, found: Int)
    /// A downloaded file could not be written or decompressed.
    case downloadFailed(export: String, reason: String)

    package var description: String {
        switch self {
        case .api(let error): error.description
        case .authenticationFailed(let profile, let status, let detail):
            "authentication failed for profile \(profile) (HTTP \(status)): \(detail)"
                + (detail.lowercased().contains("client_id") || detail.lowercased().contains("client id")
                    ? "" : "; check its client id and secret")
        case .unreachable(let request, let attempts, let cause):
            "cannot reach the API for \(request) after \(attempts) attempt(s): \(cause); check the URL and the network"
        case .unavailable(let since, let budget):
            "the API has been unavailable since \(ISO8601DateFormatter().string(from: since)) (longer than the "
                + "outage budget of \(Int(budget.components.seconds)) s); run the same command to resume"
        case .serverFailing(let request, let status, let attempts):
            "\(request) kept failing with HTTP \(status) after \(attempts) attempt(s); try again later"
        case .rateLimited(let request, let attempts):
            "\(request) was rate limited (429) \(attempts) times in a row; another process may share the budget"
        case .outcomeUnknown(let request, let cause):
            "\(request) failed (\(cause)) and may or may not have been applied; look the record up before retrying"
        case .invalidResponse(let request, let reason):
            "unexpected answer to \(request): \(reason)"
        case .exportTooManyRecords(let type, let maximum, _):
            "export of \(type) refused: more than \(maximum.map(String.init) ?? "the allowed number of") records; split it"
        case .exportMatchesNothing(let type, _):
            "export of \(type) refused: no record matches its filters"
        case .jobTimedOut(let job, let status, let waited):
            "\(job) still \(status) after \(waited); it may still finish, look it up later"
        case .attachmentUnavailable(let export, let reason):
            "cannot download export \(export): \(reason)"
        case .recordCountMismatch(let export, let expected, let found):
            "export \(export) should hold \(expected) records but its file holds \(found)"
        case .downloadFailed(let export, let reason):
            "download of export \(export) failed: \(reason)"
        }
    }

    /// The API error, when this is one.
    package var apiError: APIError? {
        switch self {
        case .api(let error), .exportTooManyRecords(_, _, let error), .exportMatchesNothing(_, let error): error
        default: nil
        }
    }

    /// Whether this means "the API cannot be used": bad credentials or an unreachable host.
    package var isUnavailable: Bool {
        switch self {
        case .authenticationFailed, .unreachable, .unavailable, .serverFailing, .rateLimited: true
        case .api(let error): error.status == 401 || error.status == 403
        default: false
        }
    }
}
