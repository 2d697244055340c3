"""NEAR's borsh schemas, written with borsh-construct (a borsh library that is not chainmail's),
shared by the NEAR peers: near_rpc.py (the RPC stand-in) and near_borsh.py (the serialiser the
Swift tests compare against).

nearcore core/primitives/src/transaction.rs, Transaction V0: signer_id String, public_key PublicKey
(enum: 0 ed25519 [u8; 32], 1 secp256k1 [u8; 64]), nonce u64, receiver_id String, block_hash [u8; 32],
actions Vec<Action> (enum: 0 CreateAccount, 1 DeployContract, 2 FunctionCall {method_name String,
args Vec<u8>, gas u64, deposit u128}, 3 Transfer {deposit u128}); SignedTransaction = Transaction,
Signature (enum: 0 ed25519 [u8; 64], 1 secp256k1 [u8; 65]). The signature is ed25519 over SHA-256
of the transaction's borsh bytes.
"""
import construct
from borsh_construct import U64, U128, CStruct, Enum, String, Vec
from borsh_construct import Bytes as BorshBytes

PublicKeySchema = Enum(
    "ED25519" / CStruct("data" / construct.Bytes(32)),
    "SECP256K1" / CStruct("data" / construct.Bytes(64)),
    enum_name="PublicKey",
)
SignatureSchema = Enum(
    "ED25519" / CStruct("data" / construct.Bytes(64)),
    "SECP256K1" / CStruct("data" / construct.Bytes(65)),
    enum_name="Signature",
)
ActionSchema = Enum(
    "CreateAccount",
    "DeployContract" / CStruct("code" / BorshBytes),
    "FunctionCall" / CStruct("method_name" / String, "args" / BorshBytes, "gas" / U64, "deposit" / U128),
    "Transfer" / CStruct("deposit" / U128),
    enum_name="Action",
)
TransactionSchema = CStruct(
    "signer_id" / String,
    "public_key" / PublicKeySchema,
    "nonce" / U64,
    "receiver_id" / String,
    "block_hash" / construct.Bytes(32),
    "actions" / Vec(ActionSchema),
)
SignedTransactionSchema = CStruct("transaction" / TransactionSchema, "signature" / SignatureSchema)
