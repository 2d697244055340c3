import AccountEngine
import ChainmailTestSupport
import Foundation
import HTTPAPI
import Testing

/// The paths and methods of openapi.yaml, read with a minimal reader of the document's own layout
/// (two-space indents: `paths:` at the top, a path at two spaces, a method at four).
enum OpenAPIDocument {
    static let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    static func operations(_ text: String) throws -> Set<String> {
        var operations = Set<String>()
        var inPaths = false
        var currentPath: String?
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine[...]
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.trimmingCharacters(in: .whitespaces).hasPrefix("#") { continue }
            let indent = line.prefix { $0 == " " }.count
            let content = line.dropFirst(indent)
            if indent == 0 {
                inPaths = content == "paths:"
                currentPath = nil
                continue
            }
            guard inPaths else { continue }
            if indent == 2, content.hasSuffix(":") {
                currentPath = String(content.dropLast()).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            } else if indent == 4, content.hasSuffix(":"), let path = currentPath {
                let key = String(content.dropLast())
                if methods.contains(key) { operations.insert("\(key.uppercased()) \(path)") }
            }
        }
        return operations
    }
}

@Suite("openapi.yaml and the router agree")
struct OpenAPIDocumentTests {
    static var document: String {
        get throws { try String(contentsOf: PackagePaths.root.appendingPathComponent("openapi.yaml"), encoding: .utf8) }
    }

    @Test("every route the router serves is in openapi.yaml with its method, and nothing else is")
    func sameOperations() throws {
        let documented = try OpenAPIDocument.operations(try Self.document)
        let served = Set(APIRoute.allCases.map { "\($0.method.rawValue) \($0.path)" })
        #expect(documented.count >= 12)
        #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
        #expect(served.subtracting(documented).isEmpty, "served but not documented: \(served.subtracting(documented).sorted())")
    }

    @Test("the reader finds what it must: a path or method added to a copy of the document changes the set")
    func readerSeesChanges() throws {
        let text = try Self.document
        let base = try OpenAPIDocument.operations(text)
        let extended = text.replacingOccurrences(of: "\npaths:\n", with: "\npaths:\n  /v1/extra:\n    delete:\n      responses: {}\n")
        #expect(try OpenAPIDocument.operations(extended) == base.union(["DELETE /v1/extra"]))
    }

    @Test("the live server answers every documented operation from a handler (never route_not_found or 405)")
    func liveServerServesEachOperation() async throws {
        let operations = try OpenAPIDocument.operations(try Self.document)
        try await withLiveServer { server in
            let client = APIClient(server)
            for operation in operations.sorted() {
                let parts = operation.split(separator: " ", maxSplits: 1)
                let path = String(parts[1])
                    .replacingOccurrences(of: "{accountId}", with: "alice")
                    .replacingOccurrences(of: "{txHash}", with: String(repeating: "0", count: 64))
                    .replacingOccurrences(of: "{issuer}", with: "https%3A%2F%2Fissuer.example")
                let answer = try await client.send(.init(String(parts[0]))!, path, body: parts[0] == "GET" ? nil : Array("{}".utf8))
                #expect(answer.status != 405, "\(operation)")
                #expect(answer.errorCode != "route_not_found", "\(operation)")
                #expect(answer.status < 500, "\(operation): \(answer.text)")
            }
        }
    }
}
