import CommerceLayerAPI
import Foundation
import LayerCloneCore
import Staging
import Testing

/// A run whose types failed ends with the exit class of the causes, not "bad data" whatever
/// they were.
@Suite("Type failures keep their cause")
struct TypeFailureTests {
    struct Unexpected: Error {}

    static func failure(_ cause: any Error) -> TypeFailure { TypeFailure(type: "skus", cause: cause) }

    static let refused = CommerceLayerError.api(APIError(status: 422, request: "POST /api/skus", errors: []))
    static let unauthorized = CommerceLayerError.api(APIError(status: 401, request: "GET /api/skus", errors: []))
    static let failing = CommerceLayerError.serverFailing(request: "GET /api/skus", status: 503, attempts: 8)

    @Test("each cause's class, and the order a run picks one: outage, bug, bad data")
    func classes() {
        #expect(Self.failure(Self.refused).errorClass == .badInput)
        #expect(Self.failure(Self.unauthorized).errorClass == .unavailable)
        #expect(Self.failure(Self.failing).errorClass == .unavailable)
        #expect(Self.failure(Unexpected()).errorClass == .internalError)
        #expect(TypeFailure.errorClass(of: [Self.failure(Self.refused)]) == .badInput)
        #expect(TypeFailure.errorClass(of: [Self.failure(Self.refused), Self.failure(Unexpected())]) == .internalError)
        #expect(
            TypeFailure.errorClass(of: [Self.failure(Unexpected()), Self.failure(Self.failing)]) == .unavailable)
        // A type that failed because its parent did is no cause of its own.
        let consequence = TypeFailure(type: "prices", cause: TypeGate.ParentFailed(parent: "skus"))
        #expect(consequence.isConsequence)
        #expect(TypeFailure.errorClass(of: [Self.failure(Self.refused), consequence]) == .badInput)
        #expect(
            CloneError.typesFailed([Self.failure(Self.failing)], reportPath: nil).exitClass.exitCode == 69)
        #expect(CloneError.typesFailed([Self.failure(Self.refused)], reportPath: nil).exitClass.exitCode == 65)
        #expect(CloneError.typesFailed([Self.failure(Unexpected())], reportPath: nil).exitClass.exitCode == 70)
    }

    @Test("the reason says what was being done when the error alone does not")
    func reason() {
        let failure = TypeFailure(type: "markets", cause: Self.failing, doing: "reading it from the target")
        #expect(failure.reason.hasPrefix("reading it from the target failed: "))
        #expect(Self.failure(Self.failing).reason == "\(Self.failing)")
    }
}
