#include <secp256k1.h>
#include <secp256k1_recovery.h>

// The flag macros are built from other macros, which Swift does not import; these wrappers give Swift
// the same values.
static inline unsigned int chainmail_secp256k1_context_none(void) { return SECP256K1_CONTEXT_NONE; }
static inline unsigned int chainmail_secp256k1_ec_compressed(void) { return SECP256K1_EC_COMPRESSED; }
static inline unsigned int chainmail_secp256k1_ec_uncompressed(void) { return SECP256K1_EC_UNCOMPRESSED; }
