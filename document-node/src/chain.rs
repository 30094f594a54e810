//! What the document node and its tools read from the chain, and the one transaction the node
//! sends: a custodian's erasure receipt.
//!
//! Reads go through a node's JSON-RPC (`state_getStorage` at the best block) and decode with the
//! runtime's own types (the pallets' crates, `std`), so there is one definition of every value.
//! The erasure receipt is an unsigned transaction built from the node's metadata by `subxt`: it
//! carries its own authentication (the custodian's signature), as seals do.

use codec::{Decode, Encode};
use pallet_documents::{AccessReceipt, Erasure, Grant, Seal};
use safetynet_primitives::{
	cases::{Case, CaseId},
	AgencyId, Cid,
};
use sp_core::{crypto::AccountId32, sr25519, H256};

/// Block numbers of the Safety Net runtime.
pub type BlockNumber = u32;

/// A case as the lifecycle stores it.
pub type CaseOnChain = Case<AccountId32, BlockNumber>;

/// An erasure as the documents pallet stores it (decoded with a bound above the runtime's).
pub type ErasureOnChain = Erasure<BlockNumber, sp_core::ConstU32<1024>>;

/// A node's JSON-RPC.
pub struct Chain {
	url: String,
	rpc: subxt_rpcs::RpcClient,
}

/// `0x` and lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
	let mut out = String::from("0x");
	for b in bytes {
		out.push_str(&format!("{b:02x}"));
	}
	out
}

/// Bytes from `0x`-prefixed (or bare) hex.
pub fn decode_hex(text: &str) -> anyhow::Result<Vec<u8>> {
	let text = text.trim_start_matches("0x");
	(0..text.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(text.get(i..i + 2).unwrap_or("zz"), 16))
		.collect::<Result<_, _>>()
		.map_err(|_| anyhow::anyhow!("malformed hex"))
}

fn prefix(pallet: &str, item: &str) -> Vec<u8> {
	[sp_crypto_hashing::twox_128(pallet.as_bytes()), sp_crypto_hashing::twox_128(item.as_bytes())]
		.concat()
}

fn twox64_concat(key: &impl Encode) -> Vec<u8> {
	let encoded = key.encode();
	[sp_crypto_hashing::twox_64(&encoded).as_slice(), &encoded].concat()
}

/// The storage key of `pallet::item[key]` in a `Twox64Concat` map.
pub fn storage_key(pallet: &str, item: &str, key: &impl Encode) -> String {
	hex(&[prefix(pallet, item), twox64_concat(key)].concat())
}

/// The storage key of `pallet::item[k1][k2]` in a map hashed `Twox64Concat` twice.
pub fn double_key(pallet: &str, item: &str, k1: &impl Encode, k2: &impl Encode) -> String {
	hex(&[prefix(pallet, item), twox64_concat(k1), twox64_concat(k2)].concat())
}

impl Chain {
	pub async fn connect(url: &str) -> anyhow::Result<Self> {
		let rpc = subxt_rpcs::RpcClient::from_insecure_url(url)
			.await
			.map_err(|e| anyhow::anyhow!("cannot reach the chain at {url}: {e}"))?;
		Ok(Chain { url: url.to_string(), rpc })
	}

	async fn storage<T: Decode>(&self, key: String) -> anyhow::Result<Option<T>> {
		let value: Option<String> =
			self.rpc.request("state_getStorage", subxt_rpcs::rpc_params![key]).await?;
		let Some(value) = value else { return Ok(None) };
		let bytes = decode_hex(&value)?;
		Ok(Some(T::decode(&mut &bytes[..])?))
	}

	/// The chain's genesis hash.
	pub async fn genesis(&self) -> anyhow::Result<H256> {
		let genesis: String =
			self.rpc.request("chain_getBlockHash", subxt_rpcs::rpc_params![0]).await?;
		Ok(H256::from_slice(&decode_hex(&genesis)?))
	}

	/// The best block's number.
	pub async fn best_number(&self) -> anyhow::Result<BlockNumber> {
		let header: serde_json::Value =
			self.rpc.request("chain_getHeader", subxt_rpcs::rpc_params![]).await?;
		let number = header
			.get("number")
			.and_then(|n| n.as_str())
			.ok_or_else(|| anyhow::anyhow!("a header without a number"))?;
		Ok(BlockNumber::from_str_radix(number.trim_start_matches("0x"), 16)?)
	}

	pub async fn case(&self, case: CaseId) -> anyhow::Result<Option<CaseOnChain>> {
		self.storage(storage_key("Cases", "Cases", &case)).await
	}

	pub async fn seal(&self, case: CaseId) -> anyhow::Result<Option<Seal<BlockNumber>>> {
		self.storage(storage_key("Documents", "Seals", &case)).await
	}

	pub async fn agency_keys(
		&self,
		agency: AgencyId,
	) -> anyhow::Result<Option<pallet_documents::AgencyKeys>> {
		self.storage(storage_key("Documents", "KeysOf", &agency)).await
	}

	pub async fn custodian(&self, agency: AgencyId) -> anyhow::Result<Option<sr25519::Public>> {
		self.storage(storage_key("Documents", "Custodians", &agency)).await
	}

	pub async fn grant(
		&self,
		case: CaseId,
		agency: AgencyId,
	) -> anyhow::Result<Option<Grant<BlockNumber>>> {
		self.storage(double_key("Documents", "Grants", &case, &agency)).await
	}

	pub async fn key_version(&self, case: CaseId) -> anyhow::Result<u32> {
		Ok(self
			.storage(storage_key("Documents", "CaseKeyVersion", &case))
			.await?
			.unwrap_or(0))
	}

	pub async fn receipt(
		&self,
		case: CaseId,
		receipt: u32,
	) -> anyhow::Result<Option<AccessReceipt<AccountId32, BlockNumber>>> {
		self.storage(double_key("Documents", "AccessReceipts", &case, &receipt)).await
	}

	pub async fn receipt_count(&self, case: CaseId) -> anyhow::Result<u32> {
		Ok(self
			.storage(storage_key("Documents", "ReceiptCount", &case))
			.await?
			.unwrap_or(0))
	}

	pub async fn erasure(&self, case: CaseId) -> anyhow::Result<Option<ErasureOnChain>> {
		self.storage(storage_key("Documents", "Erasures", &case)).await
	}

	pub async fn erasure_count(&self) -> anyhow::Result<u64> {
		let key = hex(&prefix("Documents", "ErasureCount"));
		Ok(self.storage(key).await?.unwrap_or(0))
	}

	pub async fn erasure_log(&self, seq: u64) -> anyhow::Result<Option<CaseId>> {
		self.storage(storage_key("Documents", "ErasureLog", &seq)).await
	}

	/// The id the next case will get: every case has an id below it.
	pub async fn next_case_id(&self) -> anyhow::Result<CaseId> {
		let key = hex(&prefix("Cases", "NextCaseId"));
		Ok(self.storage(key).await?.unwrap_or(0))
	}

	/// The agencies that have held a key of `case`.
	pub async fn key_holders(&self, case: CaseId) -> anyhow::Result<Vec<AgencyId>> {
		Ok(self
			.storage(storage_key("Documents", "KeyHolders", &case))
			.await?
			.unwrap_or_default())
	}

	/// Every document of a case: those of the application and those added since.
	pub async fn documents_of(&self, case: &CaseOnChain, id: CaseId) -> anyhow::Result<Vec<Cid>> {
		let added: Vec<(Cid, u32)> = self
			.storage(storage_key("Documents", "AddedDocuments", &id))
			.await?
			.unwrap_or_default();
		Ok(case
			.documents
			.iter()
			.cloned()
			.chain(added.into_iter().map(|(cid, _)| cid))
			.collect())
	}

	/// Submits `agency`'s erasure receipt for `case` as an unsigned transaction, built from the
	/// node's metadata. Returns once the pool accepted it.
	pub async fn submit_erasure_receipt(
		&self,
		case: CaseId,
		agency: AgencyId,
		signature: sr25519::Signature,
	) -> anyhow::Result<()> {
		use subxt::dynamic::Value;
		let api = subxt::OnlineClient::<subxt::PolkadotConfig>::from_insecure_url(&self.url)
			.await
			.map_err(|e| anyhow::anyhow!("cannot reach the chain at {}: {e}", self.url))?;
		let call = subxt::dynamic::tx(
			"Documents",
			"record_erasure",
			vec![
				Value::u128(u128::from(case)),
				Value::u128(u128::from(agency)),
				Value::from_bytes(signature.0),
			],
		);
		let at = api.at_current_block().await?;
		at.tx().create_unsigned(&call)?.submit().await?;
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn storage_keys_follow_twox64_concat() {
		let key = storage_key("Documents", "Seals", &7u64);
		assert!(key.starts_with("0x"));
		// 16 + 16 bytes of prefix, 8 of hash, 8 of the key itself.
		assert_eq!(key.len(), 2 + 2 * (16 + 16 + 8 + 8));
		assert!(key.ends_with("0700000000000000"));
		let key = double_key("Documents", "Grants", &7u64, &3u32);
		assert_eq!(key.len(), 2 + 2 * (16 + 16 + 8 + 8 + 8 + 4));
		assert!(key.ends_with("03000000"));
	}

	#[test]
	fn hex_round_trips() {
		assert_eq!(decode_hex(&hex(&[0, 1, 254])).unwrap(), vec![0, 1, 254]);
		assert!(decode_hex("0xzz").is_err());
	}
}
