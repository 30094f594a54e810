//! The social security services and the registration they stand on.

use super::governance::{GovernanceOrigin, MAX_AGENCIES};
use crate::{BlockNumber, Council, Runtime, Timestamp, HOURS};
use frame_support::{parameter_types, traits::ConstU32};
use sp_runtime::transaction_validity::TransactionPriority;

parameter_types! {
	/// A citizen's registration request waits a day for an agency's judgement.
	pub const RegistrationRequestTtl: BlockNumber = 24 * HOURS;
	/// Participants' transactions always go before unknown accounts' registration requests.
	pub const ParticipantPriority: TransactionPriority = 1 << 20;
}

impl pallet_registration::Config for Runtime {
	type GovernanceOrigin = GovernanceOrigin;
	type AdminMembership = Council;
	type UnixTime = Timestamp;
	type MaxAgencies = ConstU32<MAX_AGENCIES>;
	type MaxStaffPerAgency = ConstU32<10_000>;
	type MaxPendingRequests = ConstU32<100_000>;
	type MaxRequestsPerBlock = ConstU32<256>;
	type RequestTtl = RegistrationRequestTtl;
	type ParticipantPriority = ParticipantPriority;
	type WeightInfo = pallet_registration::weights::SubstrateWeight<Runtime>;
}
