import ResourceCatalog

/// The rate-limit class of a request: Commerce Layer counts them separately.
package enum RateClass: String, Sendable, Hashable, CaseIterable {
    /// GETs on cacheable types (`ResourceSpec.isCacheable`).
    case cacheable
    /// Every other API request (non-cacheable GETs, writes).
    case other
    /// The OAuth token endpoint.
    case auth
}

/// Which window a request is counted in: its class (average budget) and its endpoint (burst
/// budget).
package struct PacingKey: Sendable, Hashable, CustomStringConvertible {
    /// The class, which shares one average window across all its endpoints.
    package let rateClass: RateClass
    /// The endpoint, such as `GET /api/skus` or `PATCH /api/skus/:id`; burst windows are per
    /// endpoint.
    package let endpoint: String

    package init(_ rateClass: RateClass, endpoint: String) {
        self.rateClass = rateClass
        self.endpoint = endpoint
    }

    package var description: String { "\(rateClass.rawValue) \(endpoint)" }
}

/// The two sliding-window budgets of one class.
package struct RateBudget: Sendable, Hashable {
    /// Requests allowed in `averageWindow`, summed over every endpoint of the class.
    package var average: Int
    /// The long window.
    package var averageWindow: Duration
    /// Requests allowed in `burstWindow`, per endpoint.
    package var burst: Int
    /// The short window.
    package var burstWindow: Duration

    package init(average: Int, averageWindow: Duration, burst: Int, burstWindow: Duration) {
        self.average = average
        self.averageWindow = averageWindow
        self.burst = burst
        self.burstWindow = burstWindow
    }

    /// A class's documented budget over the documented windows.
    package init(_ rate: CommerceLayerLimits.Rate) {
        self.init(
            average: rate.perMinute, averageWindow: .seconds(CommerceLayerLimits.averageWindowSeconds),
            burst: rate.perBurst, burstWindow: .seconds(CommerceLayerLimits.burstWindowSeconds))
    }
}

/// The budgets of one environment.
package struct RateBudgets: Sendable, Hashable {
    /// Cacheable GETs.
    package var cacheable: RateBudget
    /// Everything else on the API.
    package var other: RateBudget
    /// The token endpoint.
    package var auth: RateBudget

    package init(cacheable: RateBudget, other: RateBudget, auth: RateBudget) {
        self.cacheable = cacheable
        self.other = other
        self.auth = auth
    }

    /// The budget of a class.
    package subscript(rateClass: RateClass) -> RateBudget {
        switch rateClass {
        case .cacheable: cacheable
        case .other: other
        case .auth: auth
        }
    }

    /// The token endpoint: `CommerceLayerLimits.tokenPerMinute` requests a minute, in one
    /// window.
    package static let token = RateBudget(
        average: CommerceLayerLimits.tokenPerMinute, averageWindow: .seconds(60),
        burst: CommerceLayerLimits.tokenPerMinute, burstWindow: .seconds(60))

    /// Live environments: cacheable 1000/60 s and 250/10 s; other 200/60 s and 50/10 s
    /// (`CommerceLayerLimits`).
    package static let live = RateBudgets(
        cacheable: RateBudget(CommerceLayerLimits.rate(cacheable: true, live: true)),
        other: RateBudget(CommerceLayerLimits.rate(cacheable: false, live: true)), auth: token)

    /// Test environments: half of live (500, 125, 100, 25).
    package static let test = RateBudgets(
        cacheable: RateBudget(CommerceLayerLimits.rate(cacheable: true, live: false)),
        other: RateBudget(CommerceLayerLimits.rate(cacheable: false, live: false)), auth: token)

    /// The budgets of an environment.
    package static func forEnvironment(_ environment: APIEnvironment) -> RateBudgets {
        environment == .live ? .live : .test
    }
}
