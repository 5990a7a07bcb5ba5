/// Opens once, with success or an error; every waiter, earlier or later, gets that outcome.
actor OneShot {
    private var outcome: Result<Void, any Error>?
    private var waiters = WaiterQueue<Void>()

    func succeed() { resolve(.success(())) }

    func fail(_ error: any Error) { resolve(.failure(error)) }

    func wait() async throws {
        if let outcome { return try outcome.get() }
        let token = waiters.nextWaiterToken()
        try await WaiterQueue<Void>.suspend {
            waiters.add(token, info: (), continuation: $0)
        } whenCancelled: {
            Task { await self.cancelWaiter(token) }
        }
    }

    private func cancelWaiter(_ token: Int) { waiters.cancel(token) }

    private func resolve(_ result: Result<Void, any Error>) {
        guard outcome == nil else { return }
        outcome = result
        waiters.resume { _ in result }
    }
}
