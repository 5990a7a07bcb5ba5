/// The `job_fail=<probability>` part of a `--faults` text, which the job side handles (the
/// HTTP faults go to `FaultSpec`).
package enum JobFailureSwitch {
    /// Splits `job_fail` out of `text`.
    /// - Returns: the probability (0 when absent) and the other faults, comma-joined.
    /// - Throws: `JobFailureSwitchError` when the probability is not a number in 0…1.
    package static func split(_ text: String) throws(JobFailureSwitchError) -> (rate: Double, rest: String) {
        var rate = 0.0
        var rest: [Substring] = []
        for part in text.split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("job_fail=") else {
                rest.append(part)
                continue
            }
            guard let value = Double(trimmed.dropFirst("job_fail=".count)), (0...1).contains(value) else {
                throw JobFailureSwitchError(part: trimmed)
            }
            rate = value
        }
        return (rate, rest.joined(separator: ","))
    }
}

/// A `job_fail` part that could not be read.
package struct JobFailureSwitchError: Error, Sendable, Equatable, CustomStringConvertible {
    package var part: String

    package var description: String { "invalid fault \"\(part)\": job_fail needs a probability between 0 and 1" }
}
