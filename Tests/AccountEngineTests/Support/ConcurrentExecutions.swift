import AccountEngine

/// Executes `args` `count` times at once, spread over `engines` in turn: each execution's outcome,
/// "executed" or the refusal's code.
func concurrentOutcomes(of args: ExecuteArgs, count: Int, on engines: [AccountEngine]) async -> [String] {
    await withTaskGroup(of: String.self) { group in
        for index in 0..<count {
            let engine = engines[index % engines.count]
            group.addTask {
                do {
                    _ = try await engine.execute(args)
                    return "executed"
                } catch let error as EngineError {
                    return error.code
                } catch {
                    return "unexpected: \(error)"
                }
            }
        }
        return await group.reduce(into: [String]()) { $0.append($1) }
    }
}
