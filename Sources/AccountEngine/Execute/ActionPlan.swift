/// The actions of a transaction applied, in order, to a copy of the account: the state they
/// leave and the signatures they ask for. Any refusal here happens before anything is signed
/// or written.
struct ActionPlan {
    enum Step {
        case done(ActionResult)
        case sign(SignatureRequest)
    }

    var identities: [AuthIdentity]
    var deletesAccount = false
    var steps: [Step] = []
}

extension AccountEngine {
    /// `chains` has read the root key when an action needs it (`chainContext(for:)`); the chains
    /// themselves are checked before (`Transaction.checkChains`).
    static func plan(
        _ actions: [Action],
        on account: Account,
        authTarget: AuthIdentity,
        chains: ChainContext
    ) throws(EngineError) -> ActionPlan {
        var plan = ActionPlan(identities: account.authIdentities)
        for action in actions {
            guard !plan.deletesAccount else { throw .actionAfterDelete }
            switch action {
            case .addKey(let identity):
                guard !plan.identities.contains(identity) else { throw .identityAlreadyPresent }
                guard plan.identities.count < Account.maxIdentities else { throw .tooManyIdentities }
                plan.identities.append(identity)
                plan.steps.append(.done(.addKey(identity)))
            case .removeKey(let identity):
                guard let index = plan.identities.firstIndex(of: identity) else { throw .identityNotPresent }
                guard plan.identities.count > 1 else { throw .lastIdentity }
                plan.identities.remove(at: index)
                plan.steps.append(.done(.removeKey(identity)))
            case .callChainSig(let args):
                guard args.keyVersion == 0 else { throw .unsupportedKeyVersion(args.keyVersion) }
                plan.steps.append(.sign(SignatureRequest(callChainSig: args.payload, derivationPath: authTarget.path + "," + args.path)))
            case .evmTransaction(let transaction):
                let derivationPath = authTarget.path + "," + transaction.path
                try chains.check(transaction, derivationPath: derivationPath)
                plan.steps.append(.sign(SignatureRequest(evm: transaction, derivationPath: derivationPath)))
            case .bitcoinTransaction(let transaction):
                let derivationPath = authTarget.path + "," + transaction.path
                try chains.check(transaction, derivationPath: derivationPath)
                plan.steps.append(.sign(SignatureRequest(bitcoin: transaction, derivationPath: derivationPath)))
            case .deleteAccount:
                plan.deletesAccount = true
                plan.steps.append(.done(.deleteAccount))
            }
        }
        return plan
    }
}
