/// Every error code chainmail reports, each once with its category: the API's answers, the replies
/// to mail, and the operational errors of its logs and outbox (IMAP, SMTP, TLS, the DNS resolver,
/// the signer's root key). A domain error takes its code from here, so no code exists outside this
/// list; `ErrorCode.all` lists them for the check against openapi.yaml.

// The request, the mail or the configuration cannot be read (malformed).
extension ErrorCode {
    public static let malformedJson = ErrorCode("malformed_json", .malformed)
    public static let invalidRequest = ErrorCode("invalid_request", .malformed)
    public static let invalidTransaction = ErrorCode("invalid_transaction", .malformed)
    public static let invalidIdentity = ErrorCode("invalid_identity", .malformed)
    public static let invalidAccountId = ErrorCode("invalid_account_id", .malformed)
    public static let invalidNonce = ErrorCode("invalid_nonce", .malformed)
    public static let tooManyActions = ErrorCode("too_many_actions", .malformed)
    public static let noActions = ErrorCode("no_actions", .malformed)
    public static let invalidPayload = ErrorCode("invalid_payload", .malformed)
    public static let payloadOutOfRange = ErrorCode("payload_out_of_range", .malformed)
    public static let invalidTxHash = ErrorCode("invalid_tx_hash", .malformed)
    public static let invalidSettings = ErrorCode("invalid_settings", .malformed)
    public static let oidcJwksInvalid = ErrorCode("oidc_jwks_invalid", .malformed)
    /// The message has no `From:` field.
    public static let fromMissing = ErrorCode("from_missing", .malformed)
    /// The message has more than one `From:` field.
    public static let fromMultipleFields = ErrorCode("from_multiple_fields", .malformed)
    /// `From:` holds a list of mailboxes or a group instead of exactly one mailbox.
    public static let fromNotSingleMailbox = ErrorCode("from_not_single_mailbox", .malformed)
    /// `From:` is not a valid RFC 5322 mailbox (syntax, empty address, route, junk, quoted local part).
    public static let fromInvalid = ErrorCode("from_invalid", .malformed)
    /// The From field value, unfolded, is longer than `FromMailbox.maximumFieldLength` (2,048 bytes).
    public static let fromTooLong = ErrorCode("from_too_long", .malformed)
    /// The From address holds characters outside ASCII (SMTPUTF8 addresses are refused).
    public static let addressNotAscii = ErrorCode("address_not_ascii", .malformed)
    /// A bare address given to `EmailAddress.normalize` is not plain `local@domain`.
    public static let addressInvalid = ErrorCode("address_invalid", .malformed)
    /// The message has no `Subject:` field.
    public static let subjectMissing = ErrorCode("subject_missing", .malformed)
    /// The message has more than one `Subject:` field.
    public static let subjectMultipleFields = ErrorCode("subject_multiple_fields", .malformed)
    /// The Subject holds 8-bit bytes that are not UTF-8.
    public static let subjectInvalid = ErrorCode("subject_invalid", .malformed)
    /// The message has more than one `Date:` field (PROTOCOL.md 5: at most one).
    public static let dateMultipleFields = ErrorCode("date_multiple_fields", .malformed)
    /// The MIME structure cannot be read (Content-Type syntax, boundaries, a line that starts with a
    /// delimiter but carries more than transport padding after it).
    public static let mimeMalformed = ErrorCode("mime_malformed", .malformed)
    /// `Content-Type`, `Content-Transfer-Encoding`, `MIME-Version` or `Content-Disposition` appears more
    /// than once in one header section (the message's or a body part's).
    public static let mimeHeaderRepeated = ErrorCode("mime_header_repeated", .malformed)
    /// No text/plain part that is not an attachment.
    public static let noTextPart = ErrorCode("no_text_part", .malformed)
    /// The text part's bytes are not valid in its declared charset.
    public static let charsetInvalid = ErrorCode("charset_invalid", .malformed)
    /// The text part's charset is not one MailIngest decodes.
    public static let charsetUnsupported = ErrorCode("charset_unsupported", .malformed)
    /// Unknown Content-Transfer-Encoding, or quoted-printable / base64 that does not decode.
    public static let transferEncodingInvalid = ErrorCode("transfer_encoding_invalid", .malformed)
    /// The MIME tree nests multiparts deeper than allowed.
    public static let tooDeep = ErrorCode("too_deep", .malformed)
    /// The MIME tree has more body parts than allowed.
    public static let tooManyParts = ErrorCode("too_many_parts", .malformed)
    /// A header section (the message's or a body part's) has more fields than allowed (1,000).
    public static let tooManyHeaders = ErrorCode("too_many_headers", .malformed)
    /// A header line is longer than RFC 5322's 998 characters.
    public static let headerLineTooLong = ErrorCode("header_line_too_long", .malformed)
    /// A transaction block with nothing between BEGIN and END.
    public static let transactionBlockEmpty = ErrorCode("transaction_block_empty", .malformed)
    /// More than one transaction block.
    public static let transactionBlockMultiple = ErrorCode("transaction_block_multiple", .malformed)
    /// A BEGIN line without its END line (or an END line without a BEGIN line).
    public static let transactionBlockUnterminated = ErrorCode("transaction_block_unterminated", .malformed)
    /// The Subject names no transaction hash (a run of exactly 64 hex digits).
    public static let txHashNotInSubject = ErrorCode("tx_hash_not_in_subject", .malformed)
    /// The transaction block hashes to a txHash the Subject does not name.
    public static let txHashMismatch = ErrorCode("tx_hash_mismatch", .malformed)
    /// The mail has no transaction block and its Subject names more than one txHash.
    public static let txHashAmbiguous = ErrorCode("tx_hash_ambiguous", .malformed)
    /// An `auth-target:` line that is misplaced or whose value is not a JSON object.
    public static let authTargetInvalid = ErrorCode("auth_target_invalid", .malformed)
    /// A public key that is not a 33-byte compressed or 65-byte uncompressed point on secp256k1.
    public static let invalidPublicKey = ErrorCode("invalid_public_key", .malformed)
    /// A secret key that is not 32 bytes in 1…n−1.
    public static let invalidSecretKey = ErrorCode("invalid_secret_key", .malformed)
    /// A key-derivation tweak that is not 32 bytes below the group order n.
    public static let tweakOutOfRange = ErrorCode("tweak_out_of_range", .malformed)
    /// A Bech32 string or SegWit address that does not decode.
    public static let invalidAddress = ErrorCode("invalid_address", .malformed)
    /// The signer's root key file or its directory is open to others, owned by another user, or a link.
    public static let rootKeyPermissions = ErrorCode("root_key_permissions", .malformed)
    /// The signer's root key file is not a regular file of 32 bytes holding a valid secret key.
    public static let rootKeyInvalid = ErrorCode("root_key_invalid", .malformed)
    /// A DNS forwarder is not an IP address with an optional `@port`.
    public static let invalidForwarder = ErrorCode("invalid_forwarder", .malformed)
    /// The DNSSEC trust anchor file does not exist, cannot be read or libunbound rejected it.
    public static let trustAnchorUnreadable = ErrorCode("trust_anchor_unreadable", .malformed)
    /// A DNS resolver time-out or cache limit is out of range.
    public static let invalidConfiguration = ErrorCode("invalid_configuration", .malformed)
    /// The IMAP configuration cannot work (empty host, keyword with spaces, …).
    public static let imapInvalidConfiguration = ErrorCode("imap_invalid_configuration", .malformed)
    /// A mail to send is unusable (address with a line break, empty message, no recipient).
    public static let smtpInvalidRequest = ErrorCode("smtp_invalid_request", .malformed)
    /// The configured CA file cannot be read or holds no certificate.
    public static let tlsCaFileUnreadable = ErrorCode("tls_ca_file_unreadable", .malformed)
}

// A proof is missing or fails (unproven).
extension ErrorCode {
    public static let unauthorized = ErrorCode("unauthorized", .unproven)
    public static let identityNotOnAccount = ErrorCode("identity_not_on_account", .unproven)
    public static let messageNotAnApproval = ErrorCode("message_not_an_approval", .unproven)
    public static let authTargetNotSigned = ErrorCode("auth_target_not_signed", .unproven)
    public static let invalidSignature = ErrorCode("invalid_signature", .unproven)
    public static let webauthnAssertionMalformed = ErrorCode("webauthn_assertion_malformed", .unproven)
    public static let webauthnTypeMismatch = ErrorCode("webauthn_type_mismatch", .unproven)
    public static let webauthnChallengeMismatch = ErrorCode("webauthn_challenge_mismatch", .unproven)
    public static let webauthnOriginMismatch = ErrorCode("webauthn_origin_mismatch", .unproven)
    public static let webauthnCrossOrigin = ErrorCode("webauthn_cross_origin", .unproven)
    public static let webauthnRpIdMismatch = ErrorCode("webauthn_rp_id_mismatch", .unproven)
    public static let webauthnUserNotPresent = ErrorCode("webauthn_user_not_present", .unproven)
    public static let webauthnSignatureInvalid = ErrorCode("webauthn_signature_invalid", .unproven)
    public static let webauthnCounterRegressed = ErrorCode("webauthn_counter_regressed", .unproven)
    public static let oidcTokenMalformed = ErrorCode("oidc_token_malformed", .unproven)
    public static let oidcIssuerUnknown = ErrorCode("oidc_issuer_unknown", .unproven)
    public static let oidcKidUnknown = ErrorCode("oidc_kid_unknown", .unproven)
    public static let oidcAlgorithmRefused = ErrorCode("oidc_algorithm_refused", .unproven)
    public static let oidcSignatureInvalid = ErrorCode("oidc_signature_invalid", .unproven)
    public static let oidcIssuerMismatch = ErrorCode("oidc_issuer_mismatch", .unproven)
    public static let oidcAudienceMismatch = ErrorCode("oidc_audience_mismatch", .unproven)
    public static let oidcAuthorizedPartyMismatch = ErrorCode("oidc_authorized_party_mismatch", .unproven)
    public static let oidcEmailMismatch = ErrorCode("oidc_email_mismatch", .unproven)
    public static let oidcEmailUnverified = ErrorCode("oidc_email_unverified", .unproven)
    public static let oidcNonceMismatch = ErrorCode("oidc_nonce_mismatch", .unproven)
    public static let oidcExpired = ErrorCode("oidc_expired", .unproven)
    public static let oidcIssuedInFuture = ErrorCode("oidc_issued_in_future", .unproven)
    public static let oidcNotYetValid = ErrorCode("oidc_not_yet_valid", .unproven)
    public static let notProcessed = ErrorCode("not_processed", .unproven)
    public static let mailAgeUnknown = ErrorCode("mail_age_unknown", .unproven)
    public static let mailInFuture = ErrorCode("mail_in_future", .unproven)
    public static let mailTooOld = ErrorCode("mail_too_old", .unproven)
    public static let senderNotOnAccount = ErrorCode("sender_not_on_account", .unproven)
    public static let dkimNone = ErrorCode("dkim_none", .unproven)
    public static let dkimFailed = ErrorCode("dkim_failed", .unproven)
    public static let dkimNotAligned = ErrorCode("dkim_not_aligned", .unproven)
    public static let dkimVersion = ErrorCode("dkim_version", .unproven)
    public static let dkimFromNotSigned = ErrorCode("dkim_from_not_signed", .unproven)
    public static let dkimSubjectNotSigned = ErrorCode("dkim_subject_not_signed", .unproven)
    /// The chosen DKIM signature's `i=` names a local part other than the From address's.
    public static let dkimIdentityNotSender = ErrorCode("dkim_identity_not_sender", .unproven)
    public static let dkimPartialBody = ErrorCode("dkim_partial_body", .unproven)
    public static let dkimTestingKey = ErrorCode("dkim_testing_key", .unproven)
    public static let dkimSignatureSyntax = ErrorCode("dkim_signature_syntax", .unproven)
    public static let dkimSignatureMissingTag = ErrorCode("dkim_signature_missing_tag", .unproven)
    public static let dkimUnsupportedVersion = ErrorCode("dkim_unsupported_version", .unproven)
    public static let dkimUnsupportedAlgorithm = ErrorCode("dkim_unsupported_algorithm", .unproven)
    public static let dkimUnsupportedCanonicalization = ErrorCode("dkim_unsupported_canonicalization", .unproven)
    public static let dkimUnsupportedQueryMethod = ErrorCode("dkim_unsupported_query_method", .unproven)
    public static let dkimInvalidTag = ErrorCode("dkim_invalid_tag", .unproven)
    public static let dkimHTagTooLong = ErrorCode("dkim_h_tag_too_long", .unproven)
    public static let dkimTooManyHeaders = ErrorCode("dkim_too_many_headers", .unproven)
    public static let dkimIdentityMismatch = ErrorCode("dkim_identity_mismatch", .unproven)
    public static let dkimSignatureExpired = ErrorCode("dkim_signature_expired", .unproven)
    public static let dkimSignatureInFuture = ErrorCode("dkim_signature_in_future", .unproven)
    public static let dkimKeyNotFound = ErrorCode("dkim_key_not_found", .unproven)
    public static let dkimKeySyntax = ErrorCode("dkim_key_syntax", .unproven)
    public static let dkimKeyRevoked = ErrorCode("dkim_key_revoked", .unproven)
    public static let dkimKeyUnusable = ErrorCode("dkim_key_unusable", .unproven)
    public static let dkimKeyTooLarge = ErrorCode("dkim_key_too_large", .unproven)
    public static let dkimBodyHashMismatch = ErrorCode("dkim_body_hash_mismatch", .unproven)
    public static let dkimSignatureMismatch = ErrorCode("dkim_signature_mismatch", .unproven)
    public static let dkimBodyLengthExceeded = ErrorCode("dkim_body_length_exceeded", .unproven)
    public static let dkimWeakKey = ErrorCode("dkim_weak_key", .unproven)
    public static let dkimSha1Disabled = ErrorCode("dkim_sha1_disabled", .unproven)
}

// What the request names does not exist (notFound).
extension ErrorCode {
    public static let transactionNotFound = ErrorCode("transaction_not_found", .notFound)
    public static let accountNotFound = ErrorCode("account_not_found", .notFound)
    public static let routeNotFound = ErrorCode("route_not_found", .notFound)
    public static let operatorRouteDisabled = ErrorCode("operator_route_disabled", .notFound)
}

// The method is not served on the route (methodNotAllowed).
extension ErrorCode {
    public static let methodNotAllowed = ErrorCode("method_not_allowed", .methodNotAllowed)
}

// The request conflicts with the current state (conflict).
extension ErrorCode {
    public static let nonceMismatch = ErrorCode("nonce_mismatch", .conflict)
    public static let accountExists = ErrorCode("account_exists", .conflict)
    public static let identityAlreadyPresent = ErrorCode("identity_already_present", .conflict)
    public static let identityNotPresent = ErrorCode("identity_not_present", .conflict)
    public static let transactionExecuted = ErrorCode("transaction_executed", .conflict)
    public static let emailReplayed = ErrorCode("email_replayed", .conflict)
}

// The body or the mail is over a limit (tooLarge).
extension ErrorCode {
    public static let tooLarge = ErrorCode("too_large", .tooLarge)
    public static let messageTooLarge = ErrorCode("message_too_large", .tooLarge)
}

// The body is not of the media type the route reads (unsupportedMediaType).
extension ErrorCode {
    public static let unsupportedMediaType = ErrorCode("unsupported_media_type", .unsupportedMediaType)
}

// Well formed and proven, but a rule forbids it (refused).
extension ErrorCode {
    public static let authTargetNotOnAccount = ErrorCode("auth_target_not_on_account", .refused)
    public static let unsupportedIdentity = ErrorCode("unsupported_identity", .refused)
    public static let lastIdentity = ErrorCode("last_identity", .refused)
    public static let tooManyIdentities = ErrorCode("too_many_identities", .refused)
    public static let actionAfterDelete = ErrorCode("action_after_delete", .refused)
    public static let consentNotRequested = ErrorCode("consent_not_requested", .refused)
    public static let unsupportedKeyVersion = ErrorCode("unsupported_key_version", .refused)
    public static let receiverMismatch = ErrorCode("receiver_mismatch", .refused)
    public static let notAddressedToService = ErrorCode("not_addressed_to_service", .refused)
    public static let authTargetAmbiguous = ErrorCode("auth_target_ambiguous", .refused)
    /// The SMTP server answered MAIL, RCPT or DATA with a permanent (5xx) refusal.
    public static let smtpRejected = ErrorCode("smtp_rejected", .refused)
}

// Accepted and kept, awaiting more proofs (awaitingProofs).
extension ErrorCode {
    public static let awaitingProofs = ErrorCode("awaiting_proofs", .awaitingProofs)
}

// A dependency is down; retrying may help (unavailable).
extension ErrorCode {
    public static let storeUnavailable = ErrorCode("store_unavailable", .unavailable)
    public static let signerUnavailable = ErrorCode("signer_unavailable", .unavailable)
    public static let oidcKeysUnavailable = ErrorCode("oidc_keys_unavailable", .unavailable)
    public static let dependencyUnavailable = ErrorCode("dependency_unavailable", .unavailable)
    public static let dkimKeyLookupFailed = ErrorCode("dkim_key_lookup_failed", .unavailable)
    /// Reading or creating the signer's root key file failed at the operating-system level.
    public static let rootKeyIo = ErrorCode("root_key_io", .unavailable)
    /// No TCP connection to the IMAP server, or no greeting.
    public static let imapConnectFailed = ErrorCode("imap_connect_failed", .unavailable)
    /// TLS with the IMAP server failed (its `TLSError` code says why).
    public static let imapTlsFailed = ErrorCode("imap_tls_failed", .unavailable)
    /// The IMAP server refused the user name or password.
    public static let imapLoginFailed = ErrorCode("imap_login_failed", .unavailable)
    /// The IMAP mailbox cannot be selected (missing, no rights).
    public static let imapMailboxUnavailable = ErrorCode("imap_mailbox_unavailable", .unavailable)
    /// The IMAP server answered NO or BAD, or sent something that cannot be parsed.
    public static let imapCommandFailed = ErrorCode("imap_command_failed", .unavailable)
    /// The IMAP connection broke or timed out in the middle of a command.
    public static let imapConnectionLost = ErrorCode("imap_connection_lost", .unavailable)
    /// No TCP connection to the SMTP server, or no 220 greeting.
    public static let smtpConnectFailed = ErrorCode("smtp_connect_failed", .unavailable)
    /// TLS with the SMTP server failed (its `TLSError` code says why).
    public static let smtpTlsFailed = ErrorCode("smtp_tls_failed", .unavailable)
    /// The SMTP server refused AUTH or does not offer it.
    public static let smtpAuthFailed = ErrorCode("smtp_auth_failed", .unavailable)
    /// A transient (4xx) SMTP answer, a lost connection or a time-out.
    public static let smtpTemporary = ErrorCode("smtp_temporary", .unavailable)
    /// The server's certificate chain does not lead to a trusted CA (or is expired, malformed, …).
    public static let tlsCertificateUntrusted = ErrorCode("tls_certificate_untrusted", .unavailable)
    /// The server's certificate is trusted but names another host than the one configured.
    public static let tlsHostnameMismatch = ErrorCode("tls_hostname_mismatch", .unavailable)
    /// The TLS handshake failed for another reason: protocol version, ciphers, a peer that hung up.
    public static let tlsHandshakeFailed = ErrorCode("tls_handshake_failed", .unavailable)
}

// A failure of chainmail itself (internal).
extension ErrorCode {
    public static let internalError = ErrorCode("internal_error", .internal)
    /// A key derivation reached the point at infinity or the zero scalar (negligible odds, still refused).
    public static let derivationFailed = ErrorCode("derivation_failed", .internal)
    /// A signature the signer produced failed its own check (recovery or low-s) and was withheld.
    public static let signatureCheckFailed = ErrorCode("signature_check_failed", .internal)
    /// OpenSSL could not set up a TLS context or connection (out of memory, bad settings).
    public static let tlsSetupFailed = ErrorCode("tls_setup_failed", .internal)
    /// libunbound or the operating system refused to set the DNS resolver up.
    public static let resolverSetupFailed = ErrorCode("resolver_setup_failed", .internal)
}

// Operator set-up (the command line, not the API).
extension ErrorCode {
    /// A command that only uses the signer's root key found none in the data directory (`chainmail init` creates it).
    public static let rootKeyMissing = ErrorCode("root_key_missing", .notFound)
}

// The HTTP API's abuse limits: a client over its rate or quota (tooManyRequests), a read without its token (unproven).
extension ErrorCode {
    /// The client sent more POST requests than `http.rateLimit` allows.
    public static let rateLimited = ErrorCode("rate_limited", .tooManyRequests)
    /// The client prepared more transactions in an hour than `http.limits.preparedTransactionsPerClientPerHour`.
    public static let tooManyPreparedTransactions = ErrorCode("too_many_prepared_transactions", .tooManyRequests)
    /// The client created more accounts in an hour than `http.limits.accountsPerClientPerHour`.
    public static let tooManyAccountsCreated = ErrorCode("too_many_accounts_created", .tooManyRequests)
    /// A route that reveals identities was called without the `http.readToken` bearer token, or with another.
    public static let readTokenRequired = ErrorCode("read_token_required", .unproven)
}

// The NEAR RPC and NEAR transactions (NEARClient): whether each is worth retrying is `NEARRPCError.isTemporary`.
extension ErrorCode {
    /// A NEAR key file that is not NEAR CLI's credentials JSON with a matching ed25519 key pair.
    public static let nearKeyFileInvalid = ErrorCode("near_key_file_invalid", .malformed)
    /// The NEAR account does not exist (or was deleted).
    public static let nearUnknownAccount = ErrorCode("near_unknown_account", .notFound)
    /// The key is not an access key of the account, or not a full-access one where that is required.
    public static let nearKeyNotAuthorised = ErrorCode("near_key_not_authorised", .unproven)
    /// The transaction's nonce is not above the access key's (another transaction used it); resync and retry.
    public static let nearInvalidNonce = ErrorCode("near_invalid_nonce", .conflict)
    /// The transaction's block hash is too old or unknown; sign again over a new block.
    public static let nearExpiredBlockHash = ErrorCode("near_expired_block_hash", .conflict)
    /// The signer account cannot pay for the transaction (gas and deposit).
    public static let nearNotEnoughBalance = ErrorCode("near_not_enough_balance", .refused)
    /// The RPC refused the transaction for another reason (signature, size, receiver, …).
    public static let nearTransactionInvalid = ErrorCode("near_transaction_invalid", .refused)
    /// The transaction ran and failed (a contract panic, an action error): its `Failure` status.
    public static let nearContractFailure = ErrorCode("near_contract_failure", .refused)
    /// The RPC does not know the transaction (not yet received, or never sent).
    public static let nearUnknownTransaction = ErrorCode("near_unknown_transaction", .notFound)
    /// The RPC or our own request time-out expired before an answer.
    public static let nearRpcTimeout = ErrorCode("near_rpc_timeout", .unavailable)
    /// The RPC could not be reached, or answered with an internal error.
    public static let nearRpcUnavailable = ErrorCode("near_rpc_unavailable", .unavailable)
    /// The RPC answered with a body that is not the JSON-RPC answer expected.
    public static let nearRpcInvalidResponse = ErrorCode("near_rpc_invalid_response", .unavailable)
    /// A NEAR `Account` identity was presented, but `near.rpcURL` is not configured to confirm its key.
    public static let nearRpcNotConfigured = ErrorCode("near_rpc_not_configured", .unavailable)
}

// A remote signer (PROTOCOL.md section 6).
extension ErrorCode {
    /// The signer's answer does not recover to the key chainmail derived itself, or its s is high:
    /// the transaction ends `failed` and the signer is not asked again.
    public static let signerInvalidResponse = ErrorCode("signer_invalid_response", .refused)
    /// The configured root public key is not the one the MPC contract's `public_key` view answers, or a
    /// signer's root public key is not the one the store records (every instance on one store signs with one root).
    public static let signerRootKeyMismatch = ErrorCode("signer_root_key_mismatch", .malformed)
    /// The near-mpc access key this instance is configured with is held by another instance on the
    /// same store: each instance signs with its own full-access key of the predecessor.
    public static let signerAccessKeyInUse = ErrorCode("signer_access_key_in_use", .malformed)
}

// Chain transactions (PROTOCOL.md section 8): their checks, and the chains' own nodes.
extension ErrorCode {
    /// The chainId is not a configured chain (built in or in `chains.evm`).
    public static let chainUnknown = ErrorCode("chain_unknown", .refused)
    /// `from` is not the address derived for the authTarget and path.
    public static let fromMismatch = ErrorCode("from_mismatch", .refused)
    /// An EVM transaction without `to`: contract creation is not signed.
    public static let contractCreationRefused = ErrorCode("contract_creation_refused", .refused)
    /// An amount that is not a decimal string of digits without sign, exponent or leading zeros.
    public static let amountInvalid = ErrorCode("amount_invalid", .malformed)
    /// An amount at or above 2^256 (or gasLimit × maxFeePerGas that is).
    public static let amountOutOfRange = ErrorCode("amount_out_of_range", .malformed)
    /// A priority fee above the max fee.
    public static let feeInvalid = ErrorCode("fee_invalid", .malformed)
    /// Calldata over 65,536 bytes.
    public static let dataTooLarge = ErrorCode("data_too_large", .malformed)
    /// A mixed-case EVM address whose EIP-55 checksum is wrong.
    public static let addressChecksumInvalid = ErrorCode("address_checksum_invalid", .malformed)
    /// A token list or chain list that cannot be read.
    public static let chainListInvalid = ErrorCode("chain_list_invalid", .malformed)
    /// A PSBT that cannot be read (BIP-174 version 0), or that breaks a rule of PROTOCOL.md 8.2:
    /// an input not paying `from`, a sighash type other than SIGHASH_ALL, outputs above inputs.
    public static let psbtInvalid = ErrorCode("psbt_invalid", .malformed)
    /// The chain's JSON-RPC node cannot be reached or answers 5xx; retrying may help.
    public static let evmRpcUnavailable = ErrorCode("evm_rpc_unavailable", .unavailable)
    /// The chain's node answered something that is not JSON-RPC as expected.
    public static let evmRpcInvalidResponse = ErrorCode("evm_rpc_invalid_response", .unavailable)
    /// The chain's node refused the signed transaction for good (its message is kept).
    public static let broadcastRejected = ErrorCode("broadcast_rejected", .refused)
    /// Filling in nonce or fees needs the chain's node, and the chain has no `rpcURL`.
    public static let evmRpcNotConfigured = ErrorCode("evm_rpc_not_configured", .refused)
}

// `chainmail store migrate`: copying a SQLite store into PostgreSQL (the command line, not the API).
extension ErrorCode {
    /// The source names no file, or a data directory without `accounts.sqlite`.
    public static let storeMigrateSourceMissing = ErrorCode("store_migrate_source_missing", .notFound)
    /// The source is not a SQLite database, not a chainmail store, or written by a newer chainmail.
    public static let storeMigrateSourceInvalid = ErrorCode("store_migrate_source_invalid", .malformed)
    /// A `chainmail serve` holds the source's data directory (its `serve.lock`).
    public static let storeMigrateSourceInUse = ErrorCode("store_migrate_source_in_use", .conflict)
    /// The target PostgreSQL database already holds chainmail rows.
    public static let storeMigrateTargetNotEmpty = ErrorCode("store_migrate_target_not_empty", .conflict)
    /// The source has a table or column the copy does not know: refused rather than left behind.
    public static let storeMigrateUnknownTable = ErrorCode("store_migrate_unknown_table", .refused)
    /// The copy's check found a table's rows or an account's nonce differing: nothing was kept.
    public static let storeMigrateCheckFailed = ErrorCode("store_migrate_check_failed", .internal)
}

extension ErrorCode {
    /// Every code above, in the order listed.
    public static let all: [ErrorCode] = [
        .malformedJson, .invalidRequest, .invalidTransaction, .invalidIdentity, .invalidAccountId, .invalidNonce, .tooManyActions, .noActions,
        .invalidPayload, .payloadOutOfRange, .invalidTxHash, .invalidSettings, .oidcJwksInvalid, .fromMissing, .fromMultipleFields,
        .fromNotSingleMailbox, .fromInvalid, .fromTooLong, .addressNotAscii, .addressInvalid, .subjectMissing, .subjectMultipleFields,
        .subjectInvalid, .dateMultipleFields, .mimeMalformed, .mimeHeaderRepeated, .noTextPart, .charsetInvalid, .charsetUnsupported,
        .transferEncodingInvalid, .tooDeep, .tooManyParts, .tooManyHeaders, .headerLineTooLong, .transactionBlockEmpty, .transactionBlockMultiple,
        .transactionBlockUnterminated, .txHashNotInSubject, .txHashMismatch, .txHashAmbiguous, .authTargetInvalid, .invalidPublicKey,
        .invalidSecretKey,
        .tweakOutOfRange, .invalidAddress, .rootKeyPermissions, .rootKeyInvalid, .invalidForwarder, .trustAnchorUnreadable, .invalidConfiguration,
        .imapInvalidConfiguration, .smtpInvalidRequest, .tlsCaFileUnreadable, .unauthorized,
        .identityNotOnAccount, .messageNotAnApproval, .authTargetNotSigned, .invalidSignature, .webauthnAssertionMalformed, .webauthnTypeMismatch,
        .webauthnChallengeMismatch, .webauthnOriginMismatch, .webauthnCrossOrigin, .webauthnRpIdMismatch, .webauthnUserNotPresent,
        .webauthnSignatureInvalid, .webauthnCounterRegressed, .oidcTokenMalformed, .oidcIssuerUnknown, .oidcKidUnknown, .oidcAlgorithmRefused,
        .oidcSignatureInvalid, .oidcIssuerMismatch, .oidcAudienceMismatch, .oidcAuthorizedPartyMismatch, .oidcEmailMismatch, .oidcEmailUnverified,
        .oidcNonceMismatch, .oidcExpired, .oidcIssuedInFuture, .oidcNotYetValid, .notProcessed, .mailAgeUnknown, .mailInFuture, .mailTooOld,
        .senderNotOnAccount, .dkimNone, .dkimFailed, .dkimNotAligned, .dkimVersion, .dkimFromNotSigned, .dkimSubjectNotSigned, .dkimIdentityNotSender,
        .dkimPartialBody, .dkimTestingKey, .dkimSignatureSyntax, .dkimSignatureMissingTag, .dkimUnsupportedVersion, .dkimUnsupportedAlgorithm,
        .dkimUnsupportedCanonicalization, .dkimUnsupportedQueryMethod, .dkimInvalidTag, .dkimHTagTooLong, .dkimTooManyHeaders, .dkimIdentityMismatch,
        .dkimSignatureExpired, .dkimSignatureInFuture, .dkimKeyNotFound, .dkimKeySyntax, .dkimKeyRevoked, .dkimKeyUnusable, .dkimKeyTooLarge,
        .dkimBodyHashMismatch, .dkimSignatureMismatch, .dkimBodyLengthExceeded, .dkimWeakKey, .dkimSha1Disabled, .transactionNotFound,
        .accountNotFound, .routeNotFound, .operatorRouteDisabled, .methodNotAllowed, .nonceMismatch, .accountExists, .identityAlreadyPresent,
        .identityNotPresent, .transactionExecuted, .emailReplayed, .tooLarge, .messageTooLarge, .unsupportedMediaType, .authTargetNotOnAccount,
        .unsupportedIdentity, .lastIdentity, .tooManyIdentities, .actionAfterDelete, .consentNotRequested, .unsupportedKeyVersion, .receiverMismatch,
        .notAddressedToService, .authTargetAmbiguous, .smtpRejected, .awaitingProofs, .storeUnavailable, .signerUnavailable, .oidcKeysUnavailable,
        .dependencyUnavailable, .dkimKeyLookupFailed, .rootKeyIo, .imapConnectFailed, .imapTlsFailed, .imapLoginFailed, .imapMailboxUnavailable,
        .imapCommandFailed, .imapConnectionLost, .smtpConnectFailed, .smtpTlsFailed, .smtpAuthFailed, .smtpTemporary, .tlsCertificateUntrusted,
        .tlsHostnameMismatch, .tlsHandshakeFailed, .internalError, .derivationFailed, .signatureCheckFailed, .tlsSetupFailed, .resolverSetupFailed,
        .rootKeyMissing, .rateLimited, .tooManyPreparedTransactions, .tooManyAccountsCreated, .readTokenRequired, .nearKeyFileInvalid,
        .nearUnknownAccount, .nearKeyNotAuthorised, .nearInvalidNonce, .nearExpiredBlockHash, .nearNotEnoughBalance, .nearTransactionInvalid,
        .nearContractFailure, .nearUnknownTransaction, .nearRpcTimeout, .nearRpcUnavailable, .nearRpcInvalidResponse,
        .nearRpcNotConfigured, .signerInvalidResponse, .signerRootKeyMismatch, .signerAccessKeyInUse, .chainUnknown, .fromMismatch,
        .contractCreationRefused,
        .amountInvalid, .amountOutOfRange, .feeInvalid, .dataTooLarge, .addressChecksumInvalid, .chainListInvalid, .evmRpcUnavailable,
        .evmRpcInvalidResponse, .broadcastRejected, .evmRpcNotConfigured, .psbtInvalid, .storeMigrateSourceMissing,
        .storeMigrateSourceInvalid, .storeMigrateSourceInUse, .storeMigrateTargetNotEmpty, .storeMigrateUnknownTable,
        .storeMigrateCheckFailed,
    ]

    /// The catalogued code with this name, if there is one.
    public static func named(_ name: String) -> ErrorCode? { byName[name] }

    private static let byName: [String: ErrorCode] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
}
