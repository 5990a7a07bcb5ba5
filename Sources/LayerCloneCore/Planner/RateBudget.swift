import ResourceCatalog

/// The request budget of one environment, per minute, by rate-limit class.
package struct RateBudget: Sendable, Hashable {
    /// Cacheable GETs per minute (skus, prices, markets, imports, …).
    package let cacheablePerMinute: Int
    /// All other requests per minute (writes, exports, non-cacheable GETs).
    package let otherPerMinute: Int

    package init(cacheablePerMinute: Int, otherPerMinute: Int) {
        self.cacheablePerMinute = cacheablePerMinute
        self.otherPerMinute = otherPerMinute
    }

    /// A live environment: 1,000 cacheable and 200 other requests per minute
    /// (`CommerceLayerLimits`).
    package static let live = RateBudget(live: true)
    /// A test environment: half of live.
    package static let test = RateBudget(live: false)

    /// The documented average budgets of an environment.
    init(live: Bool) {
        self.init(
            cacheablePerMinute: CommerceLayerLimits.rate(cacheable: true, live: live).perMinute,
            otherPerMinute: CommerceLayerLimits.rate(cacheable: false, live: live).perMinute)
    }
}

/// Requests sent to one environment, by rate-limit class.
package struct RequestCount: Sendable, Hashable {
    package var cacheable = 0
    package var other = 0

    package init(cacheable: Int = 0, other: Int = 0) {
        self.cacheable = cacheable
        self.other = other
    }

    package var total: Int { cacheable + other }

    /// The least time these requests take under `budget`, in seconds: each class is paced on
    /// its own average limit, and both run side by side.
    package func minimumSeconds(under budget: RateBudget) -> Double {
        max(
            Double(cacheable) * 60 / Double(budget.cacheablePerMinute),
            Double(other) * 60 / Double(budget.otherPerMinute))
    }

    static func + (lhs: RequestCount, rhs: RequestCount) -> RequestCount {
        RequestCount(cacheable: lhs.cacheable + rhs.cacheable, other: lhs.other + rhs.other)
    }
}
