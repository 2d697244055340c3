/// Words for a server that accepted the TCP connection but sent no greeting: it timed out (a
/// listener that never answers: a wrong port, a firewall that accepts and holds, a hung server)
/// or it closed the connection.
enum GreetingFailure {
    static func describe(endpoint: String, protocol name: String, waited: Duration, timeout: Duration) -> String {
        if waited >= timeout - .milliseconds(200) {
            return "no \(name) greeting from \(endpoint): timed out after \(timeout.wholeSecondsAtLeastOne) s"
        }
        return "no \(name) greeting from \(endpoint): the server closed the connection"
    }
}
