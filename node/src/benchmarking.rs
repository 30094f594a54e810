//! What `benchmark overhead` needs from the node (builds with `--features runtime-benchmarks`
//! only): signed transactions of this runtime, and the inherents of a block.
//!
//! `benchmark overhead` measures the cost of an empty block and of the smallest transaction,
//! `system.remark`, by building blocks on the genesis of `--chain` and executing them. Its
//! transactions must pass this runtime's own transaction extensions, so they are signed here with
//! the participant nonce of `pallet-registration`, by //Alice, the development chain's agency
//! administrator (the runtime lets administrators make remarks in benchmark builds only).

use codec::Encode;
use frame_benchmarking_cli::ExtrinsicBuilder;
use safetynet_runtime::{
	AccountId, Runtime, RuntimeCall, SignedPayload, UncheckedExtrinsic, VERSION,
};
use sc_client_api::HeaderBackend;
use sp_core::Pair;
use sp_inherents::{InherentData, InherentDataProvider};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{generic::Era, MultiAddress, MultiSignature, OpaqueExtrinsic};
use std::{sync::Arc, time::Duration};

use crate::service::FullClient;

/// Builds `system.remark` transactions with an empty remark, as //Alice, valid on genesis.
pub struct RemarkBuilder {
	client: Arc<FullClient>,
}

impl RemarkBuilder {
	pub fn new(client: Arc<FullClient>) -> Self {
		Self { client }
	}
}

impl ExtrinsicBuilder for RemarkBuilder {
	fn pallet(&self) -> &str {
		"system"
	}

	fn extrinsic(&self) -> &str {
		"remark"
	}

	fn build(&self, nonce: u32) -> Result<OpaqueExtrinsic, &'static str> {
		let call = RuntimeCall::System(frame_system::Call::<Runtime>::remark { remark: vec![] });
		let genesis = self.client.info().genesis_hash;
		signed(call, Sr25519Keyring::Alice, nonce, genesis)
	}
}

/// `call` signed by `signer` with `nonce`, immortal, for the chain of `genesis`.
fn signed(
	call: RuntimeCall,
	signer: Sr25519Keyring,
	nonce: u32,
	genesis: sp_core::H256,
) -> Result<OpaqueExtrinsic, &'static str> {
	let extension = safetynet_runtime::tx_extension(nonce, Era::Immortal);
	// What the runtime adds to the signed payload: versions, and the genesis hash twice (the
	// chain's, and the era's birth block, which for an immortal transaction is genesis).
	let implicit =
		((), VERSION.spec_version, VERSION.transaction_version, genesis, genesis, (), (), ());
	let payload = SignedPayload::from_raw(call.clone(), extension.clone(), implicit);
	let signature = payload.using_encoded(|bytes| signer.pair().sign(bytes));
	let who: AccountId = signer.to_account_id();
	let transaction = UncheckedExtrinsic::new_signed(
		call,
		MultiAddress::Id(who),
		MultiSignature::Sr25519(signature),
		extension,
	);
	OpaqueExtrinsic::try_from_encoded_extrinsic(&transaction.encode())
		.map_err(|_| "a signed transaction does not decode as an opaque one")
}

/// The inherents of a benchmark block: its timestamp, zero, which the genesis block accepts and
/// which is Aura's slot zero.
pub fn inherent_benchmark_data() -> Result<InherentData, sc_cli::Error> {
	let mut data = InherentData::new();
	let timestamp = sp_timestamp::InherentDataProvider::new(Duration::ZERO.into());
	futures::executor::block_on(timestamp.provide_inherent_data(&mut data))
		.map_err(|error| format!("the timestamp inherent: {error:?}"))?;
	Ok(data)
}
