//! What `frame_system`'s transaction extensions are charged beyond the base of every
//! transaction: nothing.
//!
//! [`super::extrinsic_weights::ExtrinsicBaseWeight`] is measured (`benchmark overhead`,
//! `node/src/benchmarking.rs`) on a whole signed remark passing this runtime's every extension
//! (`crate::TxExtension`): the version, genesis and era checks, the participant nonce, the
//! block's weight accounting and its reclaim. Their cost on this machine and this database is in
//! that base. Substrate's default (`()`) would charge each of them again, at its reference
//! machine's RocksDB prices (a read at 25 µs, a write at 100 µs): about 190 µs more per
//! transaction, twice what the whole measured transaction costs. The registration pallet's own
//! extension follows the same rule (`pallet_registration::CheckParticipantNonce::weight`).
//!
//! If an extension is added whose cost depends on the call (as a registration request's
//! proof of work does), charge that part in its own `weight`, as the registration pallet does.

use frame_support::weights::Weight;

/// `frame_system`'s extensions, each paid inside the measured base of a transaction.
pub struct PaidInBase;

impl frame_system::ExtensionsWeightInfo for PaidInBase {
	fn check_genesis() -> Weight {
		Weight::zero()
	}
	fn check_mortality_mortal_transaction() -> Weight {
		Weight::zero()
	}
	fn check_mortality_immortal_transaction() -> Weight {
		Weight::zero()
	}
	fn check_non_zero_sender() -> Weight {
		Weight::zero()
	}
	fn check_nonce() -> Weight {
		Weight::zero()
	}
	fn check_spec_version() -> Weight {
		Weight::zero()
	}
	fn check_tx_version() -> Weight {
		Weight::zero()
	}
	fn check_weight() -> Weight {
		Weight::zero()
	}
	fn weight_reclaim() -> Weight {
		Weight::zero()
	}
}
