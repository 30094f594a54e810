//! The runtime API clients register through and verifiers read their queue with. Polkadot.js
//! calls it as `api.call.registrationApi.*` straight from the metadata.

use crate::PendingRequest;
use alloc::vec::Vec;
use codec::Codec;
use safetynet_primitives::AgencyId;

sp_api::decl_runtime_apis! {
	/// Registration requests: how much work one must carry now, and each agency's queue.
	pub trait RegistrationApi<AccountId, BlockNumber>
	where
		AccountId: Codec,
		BlockNumber: Codec,
	{
		/// The leading zero bits a registration request's work must reach now.
		fn request_difficulty() -> u32;
		/// The requests waiting for `agency`'s judgement, with what they filed.
		fn pending_requests(agency: AgencyId) -> Vec<(AccountId, PendingRequest<BlockNumber>)>;
	}
}
