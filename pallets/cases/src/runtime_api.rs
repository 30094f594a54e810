//! The runtime API front ends read cases through. Polkadot.js calls it as
//! `api.call.casesApi.*` straight from the metadata; the node also serves it as the `cases_*`
//! JSON-RPC methods.

use crate::{CaseSummary, CaseView};
use alloc::vec::Vec;
use codec::Codec;
use safetynet_primitives::{cases::CaseId, AgencyId, Role};

sp_api::decl_runtime_apis! {
	/// Reading cases: a person's, one with its history, a role's queue, the overdue ones.
	pub trait CasesApi<AccountId, BlockNumber>
	where
		AccountId: Codec,
		BlockNumber: Codec,
	{
		/// The cases `who` applied for, oldest first, with their status and step.
		fn cases_of(who: AccountId) -> Vec<CaseSummary<BlockNumber>>;
		/// One case with the history it keeps in state (older entries are archived).
		fn case(id: CaseId) -> Option<CaseView<AccountId, BlockNumber>>;
		/// The cases waiting for `role` at `agency` (`None`: a team's or the review team's),
		/// oldest first.
		fn queue(role: Role, agency: Option<AgencyId>) -> Vec<CaseSummary<BlockNumber>>;
		/// The cases whose current step is past its deadline.
		fn overdue() -> Vec<CaseSummary<BlockNumber>>;
	}
}
