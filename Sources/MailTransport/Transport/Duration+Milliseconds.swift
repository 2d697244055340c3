extension Duration {
    /// Whole milliseconds, for poll() and socket timeouts.
    var wholeMilliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }

    /// Whole seconds, at least 1: libetpan and socket timeouts of 0 mean "default" or "never".
    var wholeSecondsAtLeastOne: Int {
        Int(max(1, components.seconds + (components.attoseconds > 0 ? 1 : 0)))
    }
}
