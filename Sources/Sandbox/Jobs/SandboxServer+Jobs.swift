extension SandboxServer {
    /// Changes the timing model of jobs created from now on.
    package func setJobSpeed(_ speed: JobSpeed) {
        state.jobs.speed = speed
    }

    /// Makes jobs break halfway with probability `rate` (`job_fail`): exports end `failed`,
    /// imports and cleanups `interrupted`. Deterministic for `seed` (default: the fault seed)
    /// and the order jobs are created in.
    package func setJobFailures(rate: Double, seed: UInt64? = nil) {
        state.jobs.setFailures(rate: rate, seed: seed ?? state.configuration.conditions.faultSeed)
    }
}
