import CommerceLayerAPI
import Logging

/// How the API clients of a clone, seed, snapshot or undo behave: their clock and logger, how
/// long the API may stay unreachable, and how often the environments' jobs are polled.
package struct ClientSettings: Sendable {
    /// How often each environment's jobs are polled.
    package var pollSchedule: PollSchedule = .standard
    /// How long the API may stay unreachable before the run stops (exit 69, resumable).
    package var outageBudget: Duration = RetryPolicy.standard.outageBudget
    /// The clients' clock: pacing, backoff, job polls and the outage budget run on it.
    package var clock: any APIClock = SystemAPIClock()
    /// Where the clients log retries, refreshed tokens and found creates.
    package var logger = Logger(label: "layerclone")

    package init() {}

    /// The clients' retry policy, with the outage budget.
    var retryPolicy: RetryPolicy {
        var policy = RetryPolicy.standard
        policy.outageBudget = outageBudget
        return policy
    }

    /// A client of `profile` with these settings.
    func client(for profile: Profile, transport: any HTTPTransport) -> CommerceLayerClient {
        CommerceLayerClient(
            profile: profile, transport: transport, clock: clock, logger: logger, retryPolicy: retryPolicy)
    }
}
