//! Building the cast of a test on a development node: agencies of every kind, their staff, and
//! registered citizens — all through signed extrinsics, as the real actors would.

use crate::{
	chain::{self, account, cid, fresh_keypair, id_commitment, keypair, roles, Client, Events},
	node::Node,
	runtime::{
		self,
		runtime_types::{
			pallet_registration::types::RegistrationForm,
			safetynet_primitives::roles::{AgencyKind, Role},
		},
	},
};
use anyhow::{anyhow, bail, Context, Result};
use subxt::{
	config::DefaultExtrinsicParamsBuilder,
	transactions::{Payload, TransactionStatus},
	utils::H256,
	PolkadotConfig,
};
use subxt_signer::sr25519::Keypair;

/// A development node and a client of it.
pub struct Dev {
	pub node: Node,
	pub api: Client,
	/// Alice: the development agency's administrator and the sudo key.
	pub sudo: Keypair,
}

impl Dev {
	/// Starts a development node and connects to it.
	pub async fn start() -> Result<Dev> {
		Self::start_with(&[]).await
	}

	/// Starts a development node with `extra` arguments and connects to it.
	pub async fn start_with(extra: &[String]) -> Result<Dev> {
		let node = Node::dev_with(extra)?;
		let api = chain::connect(&node.ws_url()).await?;
		Ok(Dev { node, api, sudo: keypair("//Alice") })
	}

	/// Signs and submits `call`, waits until it is in a best block and succeeded; returns its
	/// events and the block's hash (read state at that block to see the call's effects).
	pub async fn submit<Call: Payload>(&self, call: &Call, signer: &Keypair) -> Result<(Events, H256)> {
		// The finalized state may not show the signer's last transaction yet; the node's
		// pool-aware nonce does.
		let nonce = self.next_nonce(signer).await?;
		let params = DefaultExtrinsicParamsBuilder::<PolkadotConfig>::new().nonce(nonce).mortal(64).build();
		let at = self.api.at_current_block().await?;
		let mut progress = at
			.transactions()
			.sign_and_submit_then_watch(call, signer, params)
			.await
			.with_context(|| format!("submitting {}.{}", call.pallet_name(), call.call_name()))?;
		while let Some(status) = progress.next().await {
			match status? {
				TransactionStatus::InBestBlock(in_block) | TransactionStatus::InFinalizedBlock(in_block) => {
					let events = in_block.wait_for_success().await.map_err(|e| {
						anyhow!("{}.{} failed: {e:?}", call.pallet_name(), call.call_name())
					})?;
					return Ok((events, in_block.block_hash()));
				},
				TransactionStatus::Error { message } |
				TransactionStatus::Invalid { message } |
				TransactionStatus::Dropped { message } =>
					bail!("{}.{} refused: {message}", call.pallet_name(), call.call_name()),
				_ => {},
			}
		}
		Err(anyhow!("the transaction's subscription ended early"))
	}

	/// The next nonce of `signer`, counting its transactions still in the pool.
	pub async fn next_nonce(&self, signer: &Keypair) -> Result<u64> {
		let rpc = subxt_rpcs::RpcClient::from_insecure_url(self.node.ws_url()).await?;
		let who = account(signer).to_string();
		Ok(rpc.request::<u64>("system_accountNextIndex", subxt_rpcs::rpc_params![who]).await?)
	}

	/// Governance (sudo on `--dev`) adds an agency of `kind` with a fresh administrator.
	pub async fn add_agency(&self, kind: AgencyKind, name: &str) -> Result<(u32, Keypair)> {
		let admin = fresh_keypair(name);
		let call = runtime::Call::Registration(runtime::registration::Call::add_agency {
			kind,
			name: name.as_bytes().to_vec(),
			admin: account(&admin),
		});
		let (events, _) = self.submit(&chain::sudo(call), &self.sudo).await?;
		let added = events
			.find_first::<runtime::registration::events::AgencyAdded>()
			.ok_or_else(|| anyhow!("no AgencyAdded event"))??;
		Ok((added.agency, admin))
	}

	/// `admin` registers a fresh staff member with `role`.
	pub async fn add_staff(&self, admin: &Keypair, role: Role, label: &str) -> Result<Keypair> {
		let staff = fresh_keypair(label);
		let call = runtime::transactions().registration().register_staff(account(&staff), roles(&[role]));
		self.submit(&call, admin).await?;
		Ok(staff)
	}

	/// `who` asks `agency` to register them with `role` (photo `photo`), and `verifier` confirms.
	pub async fn register_citizen(
		&self,
		who: &Keypair,
		role: Role,
		agency: u32,
		photo: &[u8],
		verifier: &Keypair,
	) -> Result<()> {
		let form = RegistrationForm {
			roles: roles(&[role]),
			id_commitment: id_commitment(&account(who).0, "id-card"),
			id_valid_until: chain::valid_for_years(5),
			form_cid: cid(&[b"registration form of ".as_slice(), &account(who).0].concat()),
			photo_cid: Some(cid(photo)),
			agency,
		};
		self.submit(&runtime::transactions().registration().request_registration(form), who).await?;
		self.submit(&runtime::transactions().registration().verify_citizen(account(who)), verifier)
			.await?;
		Ok(())
	}

	/// The free balance of `who` at block `at`.
	pub async fn free_balance(&self, who: &Keypair, at: H256) -> Result<u128> {
		let at = self.api.at_block(at).await?;
		let info = at
			.storage()
			.entry(runtime::storage().system().account())?
			.fetch((account(who),))
			.await?
			.decode()?;
		Ok(info.data.free)
	}

	/// The free balance of the fund of `agency` at block `at`.
	pub async fn fund_balance(&self, agency: u32, at: H256) -> Result<u128> {
		let fund = fund_account(agency);
		let at = self.api.at_block(at).await?;
		let info = at
			.storage()
			.entry(runtime::storage().system().account())?
			.try_fetch((fund,))
			.await?;
		Ok(match info {
			Some(info) => info.decode()?.data.free,
			None => 0,
		})
	}

	/// The case `id` with its history, as the `cases_get` RPC method returns it.
	pub async fn case_json(&self, id: u64) -> Result<serde_json::Value> {
		let rpc = subxt_rpcs::RpcClient::from_insecure_url(self.node.ws_url()).await?;
		Ok(rpc.request::<serde_json::Value>("cases_get", subxt_rpcs::rpc_params![id]).await?)
	}

	/// Waits until the chain's best block is at least `number`.
	pub async fn wait_for_block(&self, number: u64) -> Result<H256> {
		let mut blocks = self.api.stream_best_blocks().await?;
		while let Some(block) = blocks.next().await {
			let block = block?;
			if block.number() >= number {
				return Ok(block.hash());
			}
		}
		bail!("the block stream ended")
	}
}

/// The fund account of `agency`: `modl` ++ `sn/funds` ++ the agency id, as the runtime derives
/// it (`PalletId::into_sub_account_truncating`).
pub fn fund_account(agency: u32) -> subxt::utils::AccountId32 {
	use codec::Encode;
	let mut raw = [0u8; 32];
	let derived = (b"modl", b"sn/funds", agency).encode();
	raw[..derived.len()].copy_from_slice(&derived);
	subxt::utils::AccountId32(raw)
}
