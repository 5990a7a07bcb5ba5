import Synchronization

/// Decides, request by request, which fault (if any) to inject.
///
/// Deterministic: a SplitMix64 generator seeded with the fault seed draws exactly one number
/// per request in arrival order, so the same seed and the same request sequence give the same
/// faults. A request (method + URI) that was just faulted is never faulted on its next
/// attempt, so a retried request always gets through eventually.
package final class FaultInjector: Sendable {
    private struct State {
        var spec: FaultSpec
        var generator: UInt64
        var lastFaulted: Set<String> = []
        var injected: [FaultSpec.Kind: Int] = [:]
    }

    private let state: Mutex<State>

    package init(spec: FaultSpec, seed: UInt64) {
        state = Mutex(State(spec: spec, generator: seed))
    }

    /// Replaces the faults and restarts the sequence from `seed`.
    package func configure(_ spec: FaultSpec, seed: UInt64) {
        state.withLock { $0 = State(spec: spec, generator: seed) }
    }

    /// The current specification.
    package var spec: FaultSpec { state.withLock { $0.spec } }

    /// How many faults of each kind were injected since the last `configure`.
    package var injectedCounts: [FaultSpec.Kind: Int] { state.withLock { $0.injected } }

    /// The fault for the next request, and the latency to add before it (milliseconds).
    package func next(method: String, uri: String) -> (fault: FaultSpec.Kind?, latencyMilliseconds: Int) {
        state.withLock { state in
            let spec = state.spec
            guard !spec.probabilities.isEmpty else { return (nil, spec.latencyMilliseconds) }
            let draw = Self.uniform(&state.generator)
            let key = method + " " + uri
            var chosen: FaultSpec.Kind?
            var cumulative = 0.0
            for kind in FaultSpec.Kind.allCases {
                cumulative += spec.probabilities[kind] ?? 0
                if draw < cumulative {
                    chosen = kind
                    break
                }
            }
            if chosen == .lostResponse && method == "GET" { chosen = nil }
            if state.lastFaulted.remove(key) != nil { chosen = nil }
            if let chosen {
                state.lastFaulted.insert(key)
                state.injected[chosen, default: 0] += 1
            }
            return (chosen, spec.latencyMilliseconds)
        }
    }

    /// SplitMix64 step mapped to [0, 1).
    private static func uniform(_ state: inout UInt64) -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
}
