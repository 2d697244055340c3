#pragma version ~=0.4.3
# A minimal ERC-20 (EIP-20) for the tests' EVM chain (scripts/peers/evm_chain.py), compiled with
# vyper when the chain starts: no bytecode is committed. The whole supply is minted to `holder`.
# A transfer or transferFrom beyond the balance (or the allowance) reverts.

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    value: uint256

event Approval:
    owner: indexed(address)
    spender: indexed(address)
    value: uint256

name: public(String[64])
symbol: public(String[32])
decimals: public(uint8)
totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])


@deploy
def __init__(name_: String[64], symbol_: String[32], decimals_: uint8, supply: uint256, holder: address):
    self.name = name_
    self.symbol = symbol_
    self.decimals = decimals_
    self.totalSupply = supply
    self.balanceOf[holder] = supply
    log Transfer(sender=empty(address), receiver=holder, value=supply)


@external
def transfer(to: address, amount: uint256) -> bool:
    assert self.balanceOf[msg.sender] >= amount, "ERC20: transfer amount exceeds balance"
    self.balanceOf[msg.sender] -= amount
    self.balanceOf[to] += amount
    log Transfer(sender=msg.sender, receiver=to, value=amount)
    return True


@external
def approve(spender: address, amount: uint256) -> bool:
    self.allowance[msg.sender][spender] = amount
    log Approval(owner=msg.sender, spender=spender, value=amount)
    return True


@external
def transferFrom(owner: address, to: address, amount: uint256) -> bool:
    assert self.allowance[owner][msg.sender] >= amount, "ERC20: insufficient allowance"
    assert self.balanceOf[owner] >= amount, "ERC20: transfer amount exceeds balance"
    self.allowance[owner][msg.sender] -= amount
    self.balanceOf[owner] -= amount
    self.balanceOf[to] += amount
    log Transfer(sender=owner, receiver=to, value=amount)
    return True
