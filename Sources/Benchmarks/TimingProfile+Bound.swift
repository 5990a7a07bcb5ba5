import ResourceCatalog
import Sandbox

/// The arithmetic of `LowerBound` on a profile's speeds.
extension TimingProfile {
    /// Seconds one job of `records` records takes from creation to its end.
    package func jobSeconds(records: Int, recordsPerSecond: Double) -> Double {
        jobStartLatency + Double(records) / recordsPerSecond
    }

    /// The least seconds `count` requests take under a sliding 60-second window
    /// (`CommerceLayerLimits.averageWindowSeconds`) of
    /// `perMinute`: the first window's worth go at once, each further one a minute later,
    /// and the last answer takes one request latency.
    package func requestSeconds(_ count: Int, perMinute: Int) -> Double {
        guard count > 0 else { return 0 }
        let windows = (count + perMinute - 1) / perMinute
        return Double(windows - 1) * Double(CommerceLayerLimits.averageWindowSeconds) + requestLatency
    }
}
