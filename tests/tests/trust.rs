//! End to end on the four-agency `local` network: what lets agencies that do not fully trust each
//! other share one record, tried the way an agency's staff (or an attacker) would.
//!
//! One network, started once; the council governs it by motion (no sudo):
//!
//! 1. a verifier of another agency may neither reject nor confirm a registration request, and a
//!    staff member of another agency of the same kind is refused, by name, at every step of a
//!    social assistance case, while the responsible agency's staff take each step;
//! 2. the civil affairs department's reviewers alone cannot vote the case through: the motion
//!    carries only when a reviewer of another agency votes aye too;
//! 3. an application for the minimum living guarantee by a household that shares a member with the
//!    assisted household is caught and left to the agencies involved, the event naming the cases,
//!    never the person;
//! 4. a citizen spamming transactions hits their quota while another citizen's application is still
//!    included;
//! 5. a flood of fresh-account registration requests (paid with work, and unpaid) runs while a
//!    genuine applicant's request is included within a bounded time;
//! 6. an agency's administrator cannot give their agency more review seats on their own: the call
//!    is refused at the pool, and a motion only they vote for fails the council's two-thirds
//!    origin, the seats unchanged;
//! 7. the council removes an agency while a citizen's case waits at it: the case ends on its own
//!    (decision `AgencyRemoved`) and the citizen applies again elsewhere.

use anyhow::{anyhow, ensure, Context, Result};
use safetynet_e2e::{
	chain::{self, account, cid, expect_error, fresh_keypair, keypair, roles},
	flood,
	network::Consortium,
	runtime::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			pallet_assistance::types::{AidForm, EmploymentStatus},
			pallet_insurance::types::InsuranceForm,
			pallet_minimum_living::types::MinimumLivingForm,
			pallet_registration::types::{RegistrationForm, RejectionReason, Verification},
			safetynet_primitives::{
				identity::IdentityHash,
				region::RegionCode,
				roles::{AgencyKind, Role},
			},
			sp_arithmetic::per_things::Permill,
		},
	},
	setup::{person, DISTRICT, HOME, SUBDISTRICT},
};
use std::time::{Duration, Instant};
use subxt::utils::H256;
use subxt_signer::sr25519::Keypair;

const YUAN: u128 = 100;
/// The civil affairs department of the `local` genesis, administered by //Bob.
const CIVIL: u32 = 1;
/// The social insurance agency, administered by //Alice.
const INSURANCE: u32 = 0;
/// Another county of the same city, another neighbourhood and sub-district of the district.
const OTHER_DISTRICT: u64 = 110_106_000_000;
const NEXT_DOOR: u64 = 110_105_001_002;
const OTHER_SUBDISTRICT: u64 = 110_105_002_000;

/// The people of the test.
struct Cast {
	/// The neighbourhood committee with one review seat, and its administrator.
	committee: u32,
	committee_admin: Keypair,
	officer: Keypair,
	inspector: Keypair,
	accountant: Keypair,
	reviewers: Vec<Keypair>,
	/// The other county's civil affairs department, and its administrator.
	other_civil: u32,
	other_civil_admin: Keypair,
	other_officer: Keypair,
	other_inspector: Keypair,
	other_accountant: Keypair,
}

/// Staff member `label` of the agency `admin` administers, posted to its whole region.
async fn staff(
	net: &Consortium,
	admin: &Keypair,
	region: u64,
	role: Role,
	label: &str,
) -> Result<Keypair> {
	let who = fresh_keypair(label);
	let identity = chain::identity(&format!("staff {label} {}", account(&who)));
	let call = runtime::transactions().registration().register_staff(
		account(&who),
		roles(&[role]),
		identity,
		RegionCode(region),
	);
	net.submit(&call, admin).await.with_context(|| format!("registering {label}"))?;
	Ok(who)
}

/// The council adds the agencies the test needs and gives the neighbourhood committee a review
/// seat; their administrators register the staff.
async fn cast(net: &Consortium) -> Result<Cast> {
	let bob = keypair("//Bob");
	let (committee, committee_admin) =
		net.add_agency(AgencyKind::NeighborhoodCommittee, "committee", HOME).await?;
	let (_, office_admin) =
		net.add_agency(AgencyKind::SubDistrictOffice, "office", SUBDISTRICT).await?;
	let (other_civil, other_civil_admin) = net
		.add_agency(AgencyKind::CivilAffairsDepartment, "other civil", OTHER_DISTRICT)
		.await?;
	let (_, other_committee_admin) = net
		.add_agency(AgencyKind::NeighborhoodCommittee, "other committee", NEXT_DOOR)
		.await?;
	let (_, other_office_admin) = net
		.add_agency(AgencyKind::SubDistrictOffice, "other office", OTHER_SUBDISTRICT)
		.await?;
	let seats = runtime::Call::Registration(runtime::registration::Call::set_review_seats {
		agency: committee,
		seats: 1,
	});
	net.council(seats).await?;

	let officer = staff(net, &bob, DISTRICT, Role::CivilAffairsOfficer, "officer").await?;
	let reviewers = vec![
		staff(net, &bob, DISTRICT, Role::DemocraticReviewMember, "reviewer 1").await?,
		staff(net, &bob, DISTRICT, Role::DemocraticReviewMember, "reviewer 2").await?,
		staff(net, &committee_admin, HOME, Role::DemocraticReviewMember, "reviewer 3").await?,
	];
	let inspector =
		staff(net, &committee_admin, HOME, Role::NeighborhoodCommitteeMember, "inspector").await?;
	let accountant =
		staff(net, &office_admin, SUBDISTRICT, Role::SubDistrictAccountant, "accountant").await?;
	let other_officer =
		staff(net, &other_civil_admin, OTHER_DISTRICT, Role::CivilAffairsOfficer, "other officer")
			.await?;
	let other_inspector = staff(
		net,
		&other_committee_admin,
		NEXT_DOOR,
		Role::NeighborhoodCommitteeMember,
		"other inspector",
	)
	.await?;
	let other_accountant = staff(
		net,
		&other_office_admin,
		OTHER_SUBDISTRICT,
		Role::SubDistrictAccountant,
		"other accountant",
	)
	.await?;
	Ok(Cast {
		committee,
		committee_admin,
		officer,
		inspector,
		accountant,
		reviewers,
		other_civil,
		other_civil_admin,
		other_officer,
		other_inspector,
		other_accountant,
	})
}

/// `who` registers with `agency` for `role`, living at HOME with `household`; `verifier`
/// confirms.
async fn register(
	net: &Consortium,
	who: &Keypair,
	role: Role,
	agency: u32,
	verifier: &Keypair,
	household: &[IdentityHash],
) -> Result<()> {
	request(net, who, role, agency).await?;
	verify(net, who, verifier, household).await
}

/// `who` asks `agency` to register them for `role`.
async fn request(net: &Consortium, who: &Keypair, role: Role, agency: u32) -> Result<()> {
	let form = RegistrationForm {
		roles: roles(&[role]),
		id_valid_until: chain::valid_for_years(5),
		form_cid: cid(&account(who).0),
		photo_cid: Some(cid(b"photo")),
		agency,
	};
	let work = chain::registration_work(net.api(), &account(who), &form).await?;
	net.submit(&runtime::transactions().registration().request_registration(form, work), who)
		.await?;
	Ok(())
}

/// `verifier` confirms `who`'s request: living at HOME with `household`.
async fn verify(
	net: &Consortium,
	who: &Keypair,
	verifier: &Keypair,
	household: &[IdentityHash],
) -> Result<()> {
	let verification = Verification {
		identity: person(who),
		residence: RegionCode(HOME),
		household: BoundedVec(household.to_vec()),
	};
	net.submit(
		&runtime::transactions()
			.registration()
			.verify_citizen(account(who), verification),
		verifier,
	)
	.await?;
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn agencies_trust_each_other_only_as_far_as_the_rules_say() -> Result<()> {
	let mut net = Consortium::start().await?;
	let outcome = scenarios(&net).await;
	let log = if outcome.is_err() { net.log() } else { String::new() };
	assert!(net.stop(), "the network did not stop within a minute");
	outcome.with_context(|| format!("script log:\n{log}"))
}

async fn scenarios(net: &Consortium) -> Result<()> {
	let cast = cast(net).await.context("setting up the agencies and their staff")?;
	let member = chain::identity("shared household member");
	let case = cross_agency_steps(net, &cast, &member)
		.await
		.context("1. steps of another agency")?;
	review_across_agencies(net, &cast, case).await.context("2. the review vote")?;
	duplicate_household(net, &cast, &member, case)
		.await
		.context("3. the same household twice")?;
	spam_quota(net).await.context("4. a spamming citizen")?;
	registration_flood(net).await.context("5. a registration flood")?;
	seats_are_the_councils(net, &cast).await.context("6. review seats")?;
	agency_removed(net, &cast).await.context("7. an agency removed")?;
	Ok(())
}

/// An aid applicant's case, each step refused to the other agency's staff and taken by the
/// responsible agency's. Returns the case, waiting for the review vote.
async fn cross_agency_steps(net: &Consortium, cast: &Cast, member: &IdentityHash) -> Result<u64> {
	let applicant = fresh_keypair("aid applicant");
	request(net, &applicant, Role::AidApplicant, CIVIL).await?;
	// Another agency's verifier may neither turn the request down nor confirm it.
	let registration = runtime::transactions().registration();
	let reject =
		registration.reject_request(account(&applicant), RejectionReason::IdentityMismatch);
	expect_error(net.submit(&reject, &cast.other_officer).await, "NotVerifier")?;
	expect_error(
		verify(net, &applicant, &cast.other_officer, std::slice::from_ref(member)).await,
		"NotVerifier",
	)?;
	verify(net, &applicant, &cast.officer, std::slice::from_ref(member)).await?;
	let form = AidForm {
		agency: CIVIL,
		family_info_cid: Some(cid(b"family information")),
		household: BoundedVec(vec![member.clone()]),
		monthly_income: 400 * YUAN,
		property_value: 0,
		employment: EmploymentStatus::Unemployed,
		documents: BoundedVec(vec![]),
		salt: [9; 32],
	};
	let (events, _) = net
		.submit(&runtime::transactions().assistance().apply(form), &applicant)
		.await?;
	let case = events
		.find_first::<runtime::cases::events::CaseOpened>()
		.ok_or_else(|| anyhow!("the application did not pass its checks"))??
		.case;

	let tx = runtime::transactions().assistance();
	expect_error(net.submit(&tx.accept(case, None), &cast.other_officer).await, "OtherAgency")?;
	net.submit(&tx.accept(case, None), &cast.officer).await?;
	let inspect = tx.inspect(case, cid(b"inspection report"), true, None);
	expect_error(net.submit(&inspect, &cast.other_inspector).await, "OtherAgency")?;
	net.submit(&inspect, &cast.inspector).await?;
	let account_income = tx.account_income(case, cid(b"accounting"), 400 * YUAN, 800 * YUAN);
	expect_error(net.submit(&account_income, &cast.other_accountant).await, "OtherAgency")?;
	net.submit(&account_income, &cast.accountant).await?;
	// Nor does another agency's officer sit on the review team.
	let propose = runtime::transactions().democratic_review().propose(case, true, None);
	expect_error(net.submit(&propose, &cast.other_officer).await, "NotMember")?;
	Ok(case)
}

/// Two civil affairs reviewers are a majority of three, but one agency: the motion cannot be
/// closed until the committee's reviewer votes aye. Then the case is approved, and another
/// agency's officer may not suspend, resume or end it.
async fn review_across_agencies(net: &Consortium, cast: &Cast, case: u64) -> Result<()> {
	let tx = runtime::transactions().democratic_review();
	net.submit(&tx.propose(case, true, Some(cid(b"minutes"))), &cast.reviewers[0])
		.await?;
	net.submit(&tx.vote(case, true), &cast.reviewers[1]).await?;
	expect_error(net.submit(&tx.close(case), &cast.reviewers[1]).await, "SingleAgencyQuorum")?;
	net.submit(&tx.vote(case, true), &cast.reviewers[2]).await?;
	let (events, _) = net.submit(&tx.close(case), &cast.reviewers[2]).await?;
	let closed = events
		.find_first::<runtime::democratic_review::events::MotionClosed>()
		.ok_or_else(|| anyhow!("the motion was not closed"))??;
	ensure!(closed.carried, "the motion did not carry");
	let cases = runtime::transactions().cases();
	let suspend = cases.suspend(case, cid(b"no reason"));
	expect_error(net.submit(&suspend, &cast.other_officer).await, "OtherAgency")?;
	expect_error(net.submit(&cases.resume(case), &cast.other_officer).await, "OtherAgency")?;
	let end = cases.end(case, cid(b"no reason"));
	expect_error(net.submit(&end, &cast.other_officer).await, "OtherAgency")?;
	Ok(())
}

/// A household sharing a member with the assisted one applies for the minimum living guarantee:
/// caught, and left to the agencies involved.
async fn duplicate_household(
	net: &Consortium,
	cast: &Cast,
	member: &IdentityHash,
	assisted: u64,
) -> Result<()> {
	let applicant = fresh_keypair("minimum living applicant");
	register(
		net,
		&applicant,
		Role::MinimumLivingApplicant,
		CIVIL,
		&cast.officer,
		std::slice::from_ref(member),
	)
	.await?;
	let form = MinimumLivingForm {
		agency: CIVIL,
		household_info_cid: Some(cid(b"household information")),
		household: BoundedVec(vec![member.clone()]),
		household_income: 400 * YUAN,
		property_value: 0,
		documents: BoundedVec(vec![]),
		salt: [9; 32],
	};
	let (events, _) = net
		.submit(&runtime::transactions().minimum_living().apply(form), &applicant)
		.await?;
	let conflict = events
		.find_first::<runtime::cases::events::BenefitConflict>()
		.ok_or_else(|| anyhow!("the duplicate was not caught"))??;
	ensure!(conflict.conflicting.0 == vec![assisted], "the event names {:?}", conflict.conflicting);
	let case = conflict.case;
	let json = case_json(net, case).await?;
	ensure!(json["case"]["step"] == "JointDecision", "the case is at {}", json["case"]["step"]);
	// The other county's officer has no part in it.
	let decide = runtime::transactions().cases().decide_jointly(case, true);
	expect_error(net.submit(&decide, &cast.other_officer).await, "NotInvolved")?;
	// Nor may this applicant withdraw the other household's case.
	let withdraw = runtime::transactions().cases().withdraw(assisted);
	expect_error(net.submit(&withdraw, &applicant).await, "NotApplicant")?;
	Ok(())
}

/// A citizen sends more transactions than a citizen's quota allows: the excess is refused at
/// the pool, by name, while another citizen's application goes through.
async fn spam_quota(net: &Consortium) -> Result<()> {
	let alice = keypair("//Alice");
	let spammer = fresh_keypair("spammer");
	register(net, &spammer, Role::InsuredEmployee, INSURANCE, &alice, &[]).await?;
	let fund = runtime::transactions()
		.balances()
		.transfer_keep_alive(account(&spammer).into(), 1_000 * YUAN);
	net.submit(&fund, &alice).await?;
	let eve = keypair("//Eve");
	register(net, &eve, Role::InsuredEmployee, INSURANCE, &alice, &[]).await?;

	// 130 transfers, signed ahead of time with consecutive nonces, sent at once.
	let api = net.api();
	let at = api.at_current_block().await?;
	let rpc = subxt_rpcs::RpcClient::from_insecure_url(net.url(0)).await?;
	// The node's pool-aware nonce: the finalized state may not show the spammer's registration
	// request yet.
	let start_nonce = chain::next_nonce(&net.url(0), &spammer).await?;
	let mut sent = Vec::new();
	for i in 0..130u64 {
		let call = runtime::transactions()
			.balances()
			.transfer_keep_alive(account(&alice).into(), 1);
		let params = subxt::config::DefaultExtrinsicParamsBuilder::<subxt::PolkadotConfig>::new()
			.nonce(start_nonce + i)
			.build();
		let tx = at.transactions().create_signable_offline(&call, params)?.sign(&spammer)?;
		sent.push(format!("0x{}", chain::hex(tx.encoded())));
	}
	for tx in sent {
		let _ = rpc
			.request::<serde_json::Value>("author_submitExtrinsic", subxt_rpcs::rpc_params![tx])
			.await;
	}
	// Meanwhile Eve applies for insurance: included.
	let started = Instant::now();
	let form = InsuranceForm {
		agency: INSURANCE,
		form_cid: Some(cid(b"insurance form")),
		photo_cid: Some(cid(b"photo")),
		bank_account_ref: H256([7; 32]),
		monthly_income: 8_000 * YUAN,
		payment_ratio: Permill(80_000),
		documents: BoundedVec(vec![]),
		salt: [9; 32],
	};
	let (events, _) = net.submit(&runtime::transactions().insurance().apply(form), &eve).await?;
	ensure!(
		events.find_first::<runtime::insurance::events::InsuranceApproved>().is_some(),
		"not approved"
	);
	let eve_seconds = started.elapsed().as_secs_f64();

	// The quota (100 an hour) let some of the spam in, never more than that, and refuses the
	// next one by name.
	// Counted in finalized state, which lags the best blocks: done once the count has stopped
	// growing for two blocks.
	let mut included = 0;
	for _ in 0..60 {
		tokio::time::sleep(Duration::from_secs(6)).await;
		let now = api
			.at_current_block()
			.await?
			.transactions()
			.account_nonce(&account(&spammer))
			.await?;
		let seen = now.saturating_sub(start_nonce);
		if seen == included && seen > 0 {
			break;
		}
		included = seen;
	}
	// Registering and the request used two of the hundred: at most 98 transfers fit.
	ensure!(included <= 100, "{included} of the spammer's transactions were included");
	ensure!(included >= 90, "only {included} of the spammer's transactions were included");
	let one_more = runtime::transactions()
		.balances()
		.transfer_keep_alive(account(&alice).into(), 1);
	chain::expect_pool_refusal(api, &net.url(0), &one_more, &spammer, "QuotaExceeded").await?;
	println!("spam: {included} of 130 included, the rest refused; a citizen's application took {eve_seconds:.1} s");
	Ok(())
}

/// Fresh accounts flood the registration queue while a genuine applicant files: the genuine
/// request is in a block within a bounded time, unpaid requests never reach the pool.
async fn registration_flood(net: &Consortium) -> Result<()> {
	let flood_size: usize = std::env::var("SAFETYNET_FLOOD")
		.ok()
		.and_then(|v| v.parse().ok())
		.unwrap_or(1_500);
	let api = net.api();
	let tag = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_nanos() as u64;
	// The genuine applicant pays a little more work than the queue asks, for priority.
	let genuine = flood::prepare(api, 1, INSURANCE, tag ^ 0xfeed, 4).await?;
	let report = flood::run(
		api,
		&net.url(0),
		flood_size,
		500,
		genuine.encoded[0].clone(),
		genuine.accounts[0],
		INSURANCE,
		Duration::from_secs(300),
	)
	.await?;
	println!("{}\n{}", flood::FloodReport::header(), report.row());
	ensure!(report.unpaid_refused == report.unpaid, "unpaid requests reached the pool: {report:?}");
	ensure!(report.accepted >= report.flood * 9 / 10, "the paid flood was refused: {report:?}");
	ensure!(report.genuine_seconds < 60.0, "the genuine request waited too long: {report:?}");
	Ok(())
}

/// The committee's administrator tries to raise the committee's review seats from one to nine:
/// directly (refused at the pool, by name) and by a motion of their own with a threshold of one,
/// which the collective executes at once with one member's voice, short of two thirds.
async fn seats_are_the_councils(net: &Consortium, cast: &Cast) -> Result<()> {
	let api = net.api();
	let direct = runtime::transactions().registration().set_review_seats(cast.committee, 9);
	chain::expect_pool_refusal(api, &net.url(0), &direct, &cast.committee_admin, "CallNotAllowed")
		.await?;
	let seats = runtime::Call::Registration(runtime::registration::Call::set_review_seats {
		agency: cast.committee,
		seats: 9,
	});
	let alone = runtime::transactions().council().propose(1, seats, 100_000);
	let (events, _) = net.submit(&alone, &cast.committee_admin).await?;
	let executed = events
		.find_first::<runtime::council::events::Executed>()
		.ok_or_else(|| anyhow!("a threshold-one motion was not executed at once"))??;
	ensure!(
		format!("{:?}", executed.result).contains("BadOrigin"),
		"one member's motion ended with {:?}",
		executed.result
	);
	let held = api
		.at_current_block()
		.await?
		.storage()
		.entry(runtime::storage().registration().review_seats())?
		.fetch((cast.committee,))
		.await?
		.decode()?;
	ensure!(held == 1, "the committee now has {held} review seats");
	Ok(())
}

/// A citizen's application waits at the other county's department when the council removes
/// that department: the case ends on its own (decision `AgencyRemoved`), and the citizen applies
/// again, to their own county.
async fn agency_removed(net: &Consortium, cast: &Cast) -> Result<()> {
	let applicant = fresh_keypair("applicant of a removed agency");
	register(net, &applicant, Role::AidApplicant, CIVIL, &cast.officer, &[]).await?;
	let form = |agency| AidForm {
		agency,
		family_info_cid: Some(cid(b"family information")),
		household: BoundedVec(vec![]),
		monthly_income: 400 * YUAN,
		property_value: 0,
		employment: EmploymentStatus::Unemployed,
		documents: BoundedVec(vec![]),
		salt: [7; 32],
	};
	let apply = |agency| runtime::transactions().assistance().apply(form(agency));
	let (events, _) = net.submit(&apply(cast.other_civil), &applicant).await?;
	let case = events
		.find_first::<runtime::cases::events::CaseOpened>()
		.ok_or_else(|| anyhow!("the application did not pass its checks"))??
		.case;
	let events = net.remove_agency(cast.other_civil, &cast.other_civil_admin).await?;
	ensure!(
		events.find_first::<runtime::cases::events::AgencySweepStarted>().is_some(),
		"the lifecycle was not told of the removal"
	);
	let deadline = Instant::now() + Duration::from_secs(60);
	loop {
		let json = case_json(net, case).await?;
		if json["case"]["status"] == "Closed" {
			let last = json["history"].as_array().and_then(|h| h.last()).cloned();
			let decision = last.as_ref().map(|r| r["decision"].clone());
			ensure!(
				decision == Some(serde_json::json!("agencyRemoved")),
				"the case ended with {decision:?}"
			);
			break;
		}
		ensure!(
			Instant::now() < deadline,
			"the removed agency's case is still {}",
			json["case"]["status"]
		);
		tokio::time::sleep(Duration::from_secs(2)).await;
	}
	let (events, _) = net.submit(&apply(CIVIL), &applicant).await?;
	ensure!(
		events.find_first::<runtime::cases::events::CaseOpened>().is_some(),
		"the applicant could not apply again"
	);
	Ok(())
}

async fn case_json(net: &Consortium, id: u64) -> Result<serde_json::Value> {
	let rpc = subxt_rpcs::RpcClient::from_insecure_url(net.url(0)).await?;
	Ok(rpc
		.request::<serde_json::Value>("cases_get", subxt_rpcs::rpc_params![id])
		.await?)
}
