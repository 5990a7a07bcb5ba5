import ResourceCatalog
import Staging

extension StagingStore {
    /// Readies the staged records of a step for writing: applies its transforms, then withholds
    /// its environment-specific values (`ExecutionStep.withheldFields`). Idempotent (a resume
    /// repeats nothing).
    func prepare(_ step: ExecutionStep) throws {
        try loader.apply(step.transforms, to: step.type)
        try loader.withholdEnvironmentValues(of: step.type, fields: step.withheldFields)
    }

    /// Checks, once `prepare` ran, that the staged records hold every value the target
    /// requires on create that only the plan can give (a gateway key, an environment's endpoint).
    /// - Throws: `TargetValuesNeeded` naming the fields; nothing of the type is written then.
    func requireTargetValues(_ step: ExecutionStep, spec: ResourceSpec) throws {
        var lacking: [(field: String, records: Int)] = []
        for attribute in spec.targetValueAttributes where attribute.isRequired {
            let count = try loader.countLacking(attribute.name, type: step.type)
            if count > 0 { lacking.append((attribute.name, count)) }
        }
        if !lacking.isEmpty { throw TargetValuesNeeded(type: step.type, fields: lacking) }
    }
}

/// Records need values on create that never travel from the source (secrets it never reveals,
/// values that belong to its environment) and the plan does not give them.
package struct TargetValuesNeeded: Error, Sendable, CustomStringConvertible, ClassifiedError {
    package let type: ResourceType
    /// Each required field with the number of records lacking it.
    package let fields: [(field: String, records: Int)]

    /// The plan lacks values: fix it and run again.
    package var exitClass: ErrorClass { .badInput }

    package var description: String {
        let listed = fields.map { "`\($0.field)` (\($0.records) record\($0.records == 1 ? "" : "s"))" }
        let example = fields.map { "\($0.field): …" }.joined(separator: ", ")
        return "the target requires \(listed.joined(separator: ", ")), which the source never gives "
            + "(a secret or a value of its own environment); give the target's value in the plan's "
            + "`environment_values` (\(type): {\(example)}) and run the same command again"
    }
}
