import CommerceLayerAPI
import Staging

extension PlanError: ClassifiedError {
    package var exitClass: ErrorClass { .badInput }
}

extension PlannerError: ClassifiedError {
    package var exitClass: ErrorClass { .badInput }
}

extension StagingError: ClassifiedError {
    package var exitClass: ErrorClass { .badInput }
}

extension ProfileError: ClassifiedError {
    package var exitClass: ErrorClass { .usage }
}

extension CommerceLayerError: ClassifiedError {
    /// The API refusing what was sent (a 4xx other than authentication and rate limits) is bad
    /// input; everything else (unreachable, failing, refusing the credentials, jobs that never
    /// settle) says the API is not available as needed.
    package var exitClass: ErrorClass {
        switch self {
        case .api(let error):
            [401, 403, 429].contains(error.status) || error.status >= 500 ? .unavailable : .badInput
        case .exportTooManyRecords, .exportMatchesNothing: .badInput
        case .authenticationFailed, .unreachable, .unavailable, .serverFailing, .rateLimited, .outcomeUnknown,
            .invalidResponse, .jobTimedOut, .attachmentUnavailable, .recordCountMismatch, .downloadFailed:
            .unavailable
        }
    }
}

extension TransportError: ClassifiedError {
    package var exitClass: ErrorClass { .unavailable }
}

extension JournalError: ClassifiedError {
    package var exitClass: ErrorClass { .badInput }
}
