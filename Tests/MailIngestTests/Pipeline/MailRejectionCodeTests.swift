import DKIMVerifier
import ErrorCodes
import Testing

@testable import MailIngest

@Suite("a mail's rejection always carries a catalogued code")
struct MailRejectionCodeTests {
    @Test("a DKIM reason is answered as its dkim_ code, with the code's category")
    func dkimReasonTakesItsCataloguedCode() {
        let rejection = MailRejection.dkim(DKIMReason(code: "body_hash_mismatch", message: "x"), "body changed")
        #expect(rejection.code == .dkimBodyHashMismatch)
        #expect(rejection.code.category == .unproven)
    }

    @Test("a DKIM reason with no catalogued dkim_ code is an internal error, never guessed into another")
    func uncataloguedReasonIsAnInternalError() {
        let rejection = MailRejection.dkim(DKIMReason(code: "no_such_reason", message: "x"), "odd")
        #expect(rejection.code == .internalError)
        #expect(rejection.code.category == .internal)
        #expect(rejection.message.contains("dkim_no_such_reason"))
    }
}
