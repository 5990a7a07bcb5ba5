import Staging

extension StagingStore {
    /// Readies the staged records of a step for writing: applies its transforms, then withholds
    /// its environment-specific values (`ExecutionStep.withheldFields`). Idempotent (a resume
    /// repeats nothing).
    func prepare(_ step: ExecutionStep) throws {
        try apply(step.transforms, to: step.type)
        try withholdEnvironmentValues(of: step.type, fields: step.withheldFields)
    }
}
