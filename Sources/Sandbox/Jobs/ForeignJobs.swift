/// Jobs of other tools and people in the same organization: Commerce Layer allows ten
/// exports and ten imports pending or in progress per organization, whoever started them.
///
/// `slots` of each kind's ten are held for `seconds` from the first job create the sandbox
/// receives, then freed.
package struct ForeignJobs: Sendable, Hashable {
    /// Slots of each kind held (0…10).
    package var slots: Int
    /// How long they are held, from the first job create.
    package var seconds: Double

    package init(slots: Int, seconds: Double) {
        self.slots = min(JobRegistry.activeCap, max(0, slots))
        self.seconds = max(0, seconds)
    }

    /// No foreign jobs.
    package static let none = ForeignJobs(slots: 0, seconds: 0)

    /// Parses `N` (held for 30 s) or `N,SECONDS`; nil for anything else.
    package init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let slots = Int(parts[0]), (0...JobRegistry.activeCap).contains(slots)
        else { return nil }
        var seconds = 30.0
        if parts.count == 2 {
            guard let given = Double(parts[1]), given >= 0, given.isFinite else { return nil }
            seconds = given
        }
        self.init(slots: slots, seconds: seconds)
    }

    /// Slots held at `elapsed` seconds after the start.
    func held(elapsed: Double) -> Int { elapsed < seconds ? slots : 0 }
}

/// How a job create is refused when no slot is free: Commerce Layer's answer is not known.
package enum JobCapRefusal: String, Sendable, CaseIterable {
    /// 422 `VALIDATION_ERROR` on `base`.
    case unprocessable = "422"
    /// 429 `TOO_MANY_REQUESTS`.
    case tooManyRequests = "429"
}
