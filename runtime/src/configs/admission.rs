//! Which calls each kind of participant may make, and which calls nobody may make directly.
//!
//! The chain charges no fees, so what a signed transaction may do is decided here, once, by the
//! kind of its signer ([`RuntimeCallPolicy`], enforced at the pool and in blocks by the
//! registration pallet's `CheckParticipantNonce`):
//!
//! - **citizens and enterprises** file and follow their own applications: register or amend, apply,
//!   resubmit, withdraw, object to a public notice, conclude one, grant access to their documents,
//!   settle arrears, and move their own money. Nothing else: no `system.remark`, no council or
//!   review motions, no staff steps;
//! - **staff** take the steps of cases and judge registrations (whether a given staff member may
//!   take a given step is the lifecycle's and the registration pallet's business); they do not move
//!   money or write to the chain otherwise;
//! - **agency administrators** run their agency (staff, keys, registrations) and sit on the
//!   council, so they also propose and vote motions; they may fund their agency's account and
//!   register their node's validator keys.
//!
//! [`BaseCallFilter`] closes the democratic review collective's own `propose`, `vote` and
//! `close` to everyone but root: motions about cases go through `DemocraticReview`, which
//! checks conflicts of interest and the cross-agency quorum first. It also closes node
//! authorization's self-service calls (claiming a node, adding connections to it): they need a
//! signed origin, and the filter applies to every signed origin, so which nodes may peer is
//! decided only through the governed well-known set.

use crate::RuntimeCall;
use frame_support::traits::Contains;
use safetynet_primitives::ParticipantKind;

/// The calls each kind of participant may make (see the module docs).
pub struct RuntimeCallPolicy;

impl pallet_registration::CallPolicy<RuntimeCall> for RuntimeCallPolicy {
	fn allows(kind: ParticipantKind, call: &RuntimeCall) -> bool {
		match kind {
			ParticipantKind::Citizen => citizen_may(call),
			ParticipantKind::Staff(_) => staff_may(call),
			ParticipantKind::Admin(_) => admin_may(call),
		}
	}
}

/// A citizen's or enterprise's calls: their own registration, applications and money.
fn citizen_may(call: &RuntimeCall) -> bool {
	use pallet_minimum_living::Call as MinimumLiving;
	use pallet_registration::Call as Registration;
	matches!(
		call,
		RuntimeCall::Registration(
			Registration::request_registration { .. } | Registration::withdraw_request { .. }
		) | RuntimeCall::Cases(pallet_cases::Call::withdraw { .. }) |
			RuntimeCall::Insurance(
				pallet_insurance::Call::apply { .. } | pallet_insurance::Call::resubmit { .. }
			) | RuntimeCall::Assistance(
			pallet_assistance::Call::apply { .. } | pallet_assistance::Call::resubmit { .. }
		) | RuntimeCall::Welfare(
			pallet_welfare::Call::apply { .. } | pallet_welfare::Call::resubmit { .. }
		) | RuntimeCall::MinimumLiving(
			MinimumLiving::apply { .. } |
				MinimumLiving::resubmit { .. } |
				MinimumLiving::object { .. } |
				MinimumLiving::conclude_notice { .. }
		) | RuntimeCall::Documents(
			pallet_documents::Call::grant_access { .. } |
				pallet_documents::Call::revoke_access { .. } |
				pallet_documents::Call::add_document { .. }
		) | RuntimeCall::Payments(pallet_payments::Call::settle_arrears { .. }) |
			RuntimeCall::Balances(
				pallet_balances::Call::transfer_keep_alive { .. } |
					pallet_balances::Call::transfer_allow_death { .. }
			)
	)
}

/// A staff member's calls: case steps, registrations, review motions, objections.
fn staff_may(call: &RuntimeCall) -> bool {
	use pallet_cases::Call as Cases;
	use pallet_registration::Call as Registration;
	match call {
		RuntimeCall::Registration(call) => matches!(
			call,
			Registration::verify_citizen { .. } |
				Registration::reject_request { .. } |
				Registration::reject_requests { .. } |
				Registration::revoke_citizen { .. }
		),
		RuntimeCall::Cases(call) => matches!(
			call,
			Cases::decline { .. } |
				Cases::suspend { .. } |
				Cases::resume { .. } |
				Cases::end { .. } |
				Cases::decide_jointly { .. }
		),
		// Every staff step of every service; whether this member may take it is the lifecycle's
		// question. Applying is a citizen's.
		RuntimeCall::Assistance(call) => !matches!(
			call,
			pallet_assistance::Call::apply { .. } | pallet_assistance::Call::resubmit { .. }
		),
		RuntimeCall::Welfare(call) => !matches!(
			call,
			pallet_welfare::Call::apply { .. } | pallet_welfare::Call::resubmit { .. }
		),
		RuntimeCall::MinimumLiving(call) => !matches!(
			call,
			pallet_minimum_living::Call::apply { .. } |
				pallet_minimum_living::Call::resubmit { .. } |
				pallet_minimum_living::Call::set_region_standard { .. }
		),
		RuntimeCall::DemocraticReview(_) => true,
		RuntimeCall::Payments(pallet_payments::Call::settle_arrears { .. }) => true,
		// Receipting an access; erasing a case whose retention ran out.
		RuntimeCall::Documents(
			pallet_documents::Call::record_access { .. } |
			pallet_documents::Call::order_erasure { .. },
		) => true,
		_ => false,
	}
}

/// An administrator's calls: their agency, registrations, keys, the council, and funding.
fn admin_may(call: &RuntimeCall) -> bool {
	use pallet_registration::Call as Registration;
	match call {
		RuntimeCall::Registration(call) => matches!(
			call,
			Registration::register_staff { .. } |
				Registration::set_staff_roles { .. } |
				Registration::remove_staff { .. } |
				Registration::verify_citizen { .. } |
				Registration::reject_request { .. } |
				Registration::reject_requests { .. } |
				Registration::revoke_citizen { .. }
		),
		RuntimeCall::Documents(
			pallet_documents::Call::set_agency_keys { .. } |
			pallet_documents::Call::set_custodian { .. },
		) => true,
		RuntimeCall::Council(call) => matches!(
			call,
			pallet_collective::Call::propose { .. } |
				pallet_collective::Call::vote { .. } |
				pallet_collective::Call::close { .. }
		),
		RuntimeCall::Balances(
			pallet_balances::Call::transfer_keep_alive { .. } |
			pallet_balances::Call::transfer_allow_death { .. },
		) => true,
		RuntimeCall::Payments(pallet_payments::Call::settle_arrears { .. }) => true,
		// Their node's validator keys (whether the council admits the agency is its own motion).
		RuntimeCall::Session(
			pallet_session::Call::set_keys { .. } | pallet_session::Call::purge_keys { .. },
		) => true,
		// `benchmark overhead` measures the smallest transaction, a remark, signed by the
		// development chain's administrator: only a runtime built for benchmarks allows it.
		#[cfg(feature = "runtime-benchmarks")]
		RuntimeCall::System(frame_system::Call::remark { .. }) => true,
		_ => false,
	}
}

/// Closes the review collective's own motions to everyone but root, and node authorization's
/// self-service calls to everyone (see the module docs).
pub struct BaseCallFilter;

impl Contains<RuntimeCall> for BaseCallFilter {
	fn contains(call: &RuntimeCall) -> bool {
		use pallet_node_authorization::Call as Nodes;
		!matches!(
			call,
			RuntimeCall::ReviewTeam(
				pallet_collective::Call::propose { .. } |
					pallet_collective::Call::vote { .. } |
					pallet_collective::Call::close { .. }
			) | RuntimeCall::NodeAuthorization(
				Nodes::claim_node { .. } |
					Nodes::remove_claim { .. } |
					Nodes::transfer_node { .. } |
					Nodes::add_connections { .. } |
					Nodes::remove_connections { .. }
			)
		)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::AccountId;
	use pallet_registration::CallPolicy;
	use safetynet_primitives::Cid;

	const CITIZEN: ParticipantKind = ParticipantKind::Citizen;
	const STAFF: ParticipantKind = ParticipantKind::Staff(1);
	const ADMIN: ParticipantKind = ParticipantKind::Admin(1);

	fn someone() -> AccountId {
		AccountId::new([7; 32])
	}

	fn no_cid() -> Cid {
		Cid(Default::default())
	}

	/// Who of (citizen, staff, administrator) may sign `call`.
	fn signers(call: &RuntimeCall) -> (bool, bool, bool) {
		(
			RuntimeCallPolicy::allows(CITIZEN, call),
			RuntimeCallPolicy::allows(STAFF, call),
			RuntimeCallPolicy::allows(ADMIN, call),
		)
	}

	#[test]
	fn nobody_writes_remarks_or_sets_the_code() {
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![1; 32] });
		assert_eq!(signers(&remark), (false, false, false));
		let code = RuntimeCall::System(frame_system::Call::set_code { code: vec![] });
		assert_eq!(signers(&code), (false, false, false));
	}

	#[test]
	fn citizens_file_and_follow_their_own_applications_only() {
		let withdraw = RuntimeCall::Registration(pallet_registration::Call::withdraw_request {});
		assert_eq!(signers(&withdraw), (true, false, false));
		let withdraw_case = RuntimeCall::Cases(pallet_cases::Call::withdraw { case: 0 });
		assert_eq!(signers(&withdraw_case), (true, false, false));
		let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: someone().into(),
			value: 1,
		});
		assert_eq!(signers(&transfer), (true, false, true), "staff move no money");
	}

	#[test]
	fn staff_take_steps_and_judge_registrations_but_run_no_agency() {
		let inspect = RuntimeCall::MinimumLiving(pallet_minimum_living::Call::inspect {
			case: 0,
			report: no_cid(),
			confirmed: true,
			refer_to: None,
		});
		assert_eq!(signers(&inspect), (false, true, false));
		let suspend = RuntimeCall::Cases(pallet_cases::Call::suspend { case: 0, reason: no_cid() });
		assert_eq!(signers(&suspend), (false, true, false));
		let decline = RuntimeCall::Cases(pallet_cases::Call::decline { case: 0, reason: no_cid() });
		assert_eq!(signers(&decline), (false, true, false));
		let reject = RuntimeCall::Registration(pallet_registration::Call::reject_request {
			who: someone(),
			reason: pallet_registration::RejectionReason::Spam,
		});
		assert_eq!(signers(&reject), (false, true, true));
		let remove =
			RuntimeCall::Registration(pallet_registration::Call::remove_staff { who: someone() });
		assert_eq!(signers(&remove), (false, false, true));
	}

	#[test]
	fn only_administrators_move_council_motions() {
		let motion = RuntimeCall::Council(pallet_collective::Call::vote {
			proposal: Default::default(),
			index: 0,
			approve: true,
		});
		assert_eq!(signers(&motion), (false, false, true));
	}

	#[test]
	fn only_administrators_register_validator_keys() {
		let purge = RuntimeCall::Session(pallet_session::Call::purge_keys {});
		assert_eq!(signers(&purge), (false, false, true));
	}

	#[test]
	fn the_base_filter_closes_review_motions_and_node_self_service() {
		let review_vote = RuntimeCall::ReviewTeam(pallet_collective::Call::vote {
			proposal: Default::default(),
			index: 0,
			approve: true,
		});
		assert!(!BaseCallFilter::contains(&review_vote));
		let claim = RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::claim_node {
			node: sp_core::OpaquePeerId(vec![1; 32]),
		});
		assert!(!BaseCallFilter::contains(&claim));
		let apply = RuntimeCall::Cases(pallet_cases::Call::withdraw { case: 0 });
		assert!(BaseCallFilter::contains(&apply));
	}
}
