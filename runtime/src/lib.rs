//! # Safety Net Chain runtime
//!
//! The source of truth of the system: every client (the node, CLIs, Polkadot.js, the portals)
//! reads it through metadata and RPC.
//!
//! - [`configs`]: how each pallet is configured, split by domain (consensus, governance, services).
//! - [`apis`]: the runtime APIs the node and clients call.
//! - [`genesis_config_presets`]: the `development` (one agency) and `local_testnet` (four agencies)
//!   genesis states the node's chain specs name.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime!`-style macros recurse deeply.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

// The benchmark list must be defined before the runtime APIs that expand it. The macro it defines
// names this crate's pallets as `crate::…`, which is right: it is only expanded here.
#[cfg(feature = "runtime-benchmarks")]
#[macro_use]
#[allow(clippy::crate_in_macro_def)]
mod benchmarks {
	frame_benchmarking::define_benchmarks!(
		[frame_system, frame_system_benchmarking::Pallet::<crate::Runtime>]
		[pallet_registration, crate::Registration]
		[pallet_consortium, crate::Consortium]
		[pallet_cases, crate::Cases]
		[pallet_payments, crate::Payments]
		[pallet_insurance, crate::Insurance]
		[pallet_assistance, crate::Assistance]
		[pallet_welfare, crate::Welfare]
		[pallet_minimum_living, crate::MinimumLiving]
		[pallet_documents, crate::Documents]
		[pallet_service_parameters, crate::InsuranceParameters]
		[pallet_democratic_review, crate::DemocraticReview]
		[pallet_validators, crate::Validators]
	);
}

pub mod apis;
pub mod configs;
pub mod genesis_config_presets;
pub mod weights;

use alloc::vec::Vec;
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use frame_support::weights::constants::WEIGHT_REF_TIME_PER_SECOND;
pub use pallet_registration;
pub use safetynet_primitives as primitives;

/// Opaque types the node uses without knowing the runtime's extrinsic format.
pub mod opaque {
	use super::*;
	use sp_runtime::traits::Hash as HashT;

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier type.
	pub type BlockId = generic::BlockId<Block>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as HashT>::Output;

	impl_opaque_keys! {
		/// The keys a validator node holds: one for block production, one for finality.
		pub struct SessionKeys {
			pub aura: super::Aura,
			pub grandpa: super::Grandpa,
		}
	}
}

/// The runtime's identity. `spec_version` goes up with every change of behaviour;
/// `transaction_version` with every change of call indices or arguments.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("safetynet"),
	impl_name: alloc::borrow::Cow::Borrowed("safetynet-node"),
	authoring_version: 1,
	spec_version: 4,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// Target time between blocks. Short enough that a case step is on chain within seconds, long
/// enough for four agencies' validators to exchange blocks and finality votes on modest links.
pub const MILLI_SECS_PER_BLOCK: u64 = 3000;
/// Aura's slot length is the block time.
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;

/// Blocks per minute, hour and day, for parameters written in wall-clock terms.
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
pub const HOURS: BlockNumber = MINUTES * 60;
pub const DAYS: BlockNumber = HOURS * 24;

/// The smallest unit of money is one fen (0.01 CNY): balances are in fen.
pub const FEN: Balance = 1;
/// One yuan.
pub const YUAN: Balance = 100 * FEN;
/// An account holding less than this is reaped.
pub const EXISTENTIAL_DEPOSIT: Balance = FEN;

/// An index to a block.
pub type BlockNumber = u32;
/// A transaction signature.
pub type Signature = MultiSignature;
/// An account: the public key behind a signature.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// An amount of money, in fen.
pub type Balance = u128;
/// Transactions an account has sent.
pub type Nonce = u32;
/// A block hash.
pub type Hash = sp_core::H256;
/// How a transaction names an account.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// A block with its justifications.
pub type SignedBlock = generic::SignedBlock<Block>;
/// Block identifier.
pub type BlockId = generic::BlockId<Block>;

/// The checks every transaction passes. There is no fee payment: admission of participants only
/// (`CheckParticipantNonce`, which also checks the nonce) keeps outsiders out of the pool.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	pallet_registration::CheckParticipantNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// The extensions a signer attaches for `nonce` (the participant nonce) and `era`: the one
/// place that knows their order, for the node's benchmark transactions and the runtime fuzzer,
/// which sign without a wallet.
pub fn tx_extension(nonce: Nonce, era: sp_runtime::generic::Era) -> TxExtension {
	(
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(era),
		pallet_registration::CheckParticipantNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		frame_system::WeightReclaim::<Runtime>::new(),
	)
}

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Storage migrations the next runtime upgrade runs, oldest first. Each is guarded by a storage
/// version (or finds nothing to do), so a chain already past it is left alone; a migration leaves
/// this list once every chain has run it. `./scripts/try-upgrade.sh` runs them with their checks
/// against a live chain's state before the council votes.
type Migrations = (
	// Spec version 2: sudo left the runtime; remove whatever it stored (the dev chain's key).
	frame_support::migrations::RemovePallet<
		SudoPalletName,
		<Runtime as frame_system::Config>::DbWeight,
	>,
	// Spec version 2: the per-applicant open-case count is gone (cases storage 1 to 2).
	pallet_cases::migrations::v2::MigrateV1ToV2<Runtime>,
);

frame_support::parameter_types! {
	/// The storage prefix of the removed sudo pallet.
	pub const SudoPalletName: &'static str = "Sudo";
}

/// Executive: dispatches calls to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	// --- system and consensus ---
	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;
	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(5)]
	pub type NodeAuthorization = pallet_node_authorization;

	// --- governance ---
	// Index 10 was sudo's, removed in spec version 2: no chain has a sudo key.
	#[runtime::pallet_index(11)]
	pub type Council = pallet_collective<Instance1>;
	#[runtime::pallet_index(12)]
	pub type Consortium = pallet_consortium;
	#[runtime::pallet_index(13)]
	pub type ReviewTeam = pallet_collective<Instance2>;
	#[runtime::pallet_index(14)]
	pub type DemocraticReview = pallet_democratic_review<Instance2>;

	// --- services ---
	#[runtime::pallet_index(20)]
	pub type Registration = pallet_registration;
	#[runtime::pallet_index(21)]
	pub type Cases = pallet_cases;
	#[runtime::pallet_index(22)]
	pub type Payments = pallet_payments;
	#[runtime::pallet_index(23)]
	pub type Insurance = pallet_insurance;
	#[runtime::pallet_index(24)]
	pub type Assistance = pallet_assistance;
	#[runtime::pallet_index(25)]
	pub type Welfare = pallet_welfare;
	#[runtime::pallet_index(26)]
	pub type MinimumLiving = pallet_minimum_living;
	#[runtime::pallet_index(27)]
	pub type Documents = pallet_documents;

	// --- the services' parameters, one instance per service ---
	#[runtime::pallet_index(30)]
	pub type InsuranceParameters = pallet_service_parameters<Instance1>;
	#[runtime::pallet_index(31)]
	pub type AssistanceParameters = pallet_service_parameters<Instance2>;
	#[runtime::pallet_index(32)]
	pub type WelfareParameters = pallet_service_parameters<Instance3>;
	#[runtime::pallet_index(33)]
	pub type MinimumLivingParameters = pallet_service_parameters<Instance4>;

	// --- the validator set ---
	// Declared after the registration pallet on purpose: genesis is built in declaration order,
	// and the first session's validators are read from the agencies' registry.
	#[runtime::pallet_index(40)]
	pub type Validators = pallet_validators;
	#[runtime::pallet_index(41)]
	pub type Session = pallet_session;
}
