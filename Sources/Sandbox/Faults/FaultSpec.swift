import Foundation

/// Which faults the sandbox injects and how often, parsed from text such as
/// `http500=0.05,http503=0.02,http429=0.05,reset=0.01,lost_response=0.05,latency=50ms`.
package struct FaultSpec: Sendable, Equatable, CustomStringConvertible {
    /// One kind of fault.
    package enum Kind: String, Sendable, CaseIterable {
        /// Answer 500 with a JSON:API error, without handling the request.
        case http500
        /// Answer 503, without handling the request.
        case http503
        /// Answer 429 as if over the rate limit, without handling the request.
        case http429
        /// Close the connection without answering, without handling the request.
        case reset
        /// Handle a write (POST/PATCH/DELETE) — the record or job IS written — then close the
        /// connection instead of answering. Not applied to GETs.
        case lostResponse = "lost_response"
    }

    /// Probability per request of each kind (0…1, summing to at most 1).
    package var probabilities: [Kind: Double]
    /// Delay added before every request, in milliseconds.
    package var latencyMilliseconds: Int

    package init(probabilities: [Kind: Double] = [:], latencyMilliseconds: Int = 0) {
        self.probabilities = probabilities
        self.latencyMilliseconds = latencyMilliseconds
    }

    /// No faults.
    package static let none = FaultSpec()

    /// Whether any fault or latency is configured.
    package var isEmpty: Bool { probabilities.values.allSatisfy { $0 == 0 } && latencyMilliseconds == 0 }

    /// Parses `kind=probability` pairs and `latency=<n>ms`, comma-separated; `none` or "" is no faults.
    /// - Throws: `FaultSpecError` naming the bad part.
    package static func parse(_ text: String) throws(FaultSpecError) -> FaultSpec {
        var spec = FaultSpec()
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed == "none" { return spec }
        for part in trimmed.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { throw FaultSpecError(part: String(part), reason: "expected name=value") }
            if pair[0] == "latency" {
                let digits = pair[1].hasSuffix("ms") ? String(pair[1].dropLast(2)) : pair[1]
                guard let milliseconds = Int(digits), milliseconds >= 0 else {
                    throw FaultSpecError(part: String(part), reason: "latency needs milliseconds such as 50ms")
                }
                spec.latencyMilliseconds = milliseconds
                continue
            }
            guard let kind = Kind(rawValue: pair[0]) else {
                let known = Kind.allCases.map(\.rawValue).joined(separator: ", ")
                throw FaultSpecError(part: String(part), reason: "unknown fault; known: \(known), job_fail, latency")
            }
            guard let probability = Double(pair[1]), (0...1).contains(probability) else {
                throw FaultSpecError(part: String(part), reason: "probability must be between 0 and 1")
            }
            spec.probabilities[kind] = probability
        }
        guard spec.probabilities.values.reduce(0, +) <= 1 else {
            throw FaultSpecError(part: text, reason: "probabilities add up to more than 1")
        }
        return spec
    }

    package var description: String {
        var parts = Kind.allCases.compactMap { kind in probabilities[kind].map { "\(kind.rawValue)=\($0)" } }
        if latencyMilliseconds > 0 { parts.append("latency=\(latencyMilliseconds)ms") }
        return parts.isEmpty ? "none" : parts.joined(separator: ",")
    }
}

/// A fault specification that could not be read.
package struct FaultSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    package var part: String
    package var reason: String

    package var description: String { "invalid fault \"\(part)\": \(reason)" }
}
