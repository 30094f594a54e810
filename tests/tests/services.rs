//! End to end, one test per service: a real development node, the whole workflow driven over RPC
//! with signed extrinsics from accounts holding the right roles (the democratic review votes
//! through its collective), then the final status, the history and the balances checked.

use anyhow::{anyhow, Result};
use safetynet_e2e::{
	chain::{account, cid, fresh_keypair, keypair},
	runtime::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			pallet_assistance::types::{AidForm, EmploymentStatus},
			pallet_insurance::types::InsuranceForm,
			pallet_minimum_living::types::MinimumLivingForm,
			pallet_welfare::types::WelfareForm,
			safetynet_primitives::roles::{AgencyKind, Role},
			sp_arithmetic::per_things::Permill,
		},
	},
	setup::Dev,
};
use subxt::utils::H256;
use subxt_signer::sr25519::Keypair;

const YUAN: u128 = 100;

/// The JSON history of a case: its steps, in order.
fn steps(case: &serde_json::Value) -> Vec<String> {
	case["history"]
		.as_array()
		.map(|h| h.iter().map(|r| r["step"].as_str().unwrap_or_default().to_string()).collect())
		.unwrap_or_default()
}

/// A democratic review team of three, registered by a civil affairs department's administrator.
async fn review_team(dev: &Dev, civil_admin: &Keypair) -> Result<Vec<Keypair>> {
	let mut team = Vec::new();
	for i in 0..3 {
		team.push(dev.add_staff(civil_admin, Role::DemocraticReviewMember, &format!("reviewer{i}")).await?);
	}
	Ok(team)
}

/// The review team votes `call` through: the first member proposes it (majority threshold), the
/// first two vote aye, the first closes the motion, which dispatches the call as the team's
/// majority. Returns the block the outcome is in.
async fn review_vote(dev: &Dev, team: &[Keypair], call: runtime::Call) -> Result<H256> {
	let length_bound = 10_000;
	let propose = runtime::transactions().review_team().propose(2, call, length_bound);
	let (events, _) = dev.submit(&propose, &team[0]).await?;
	let proposed = events
		.find_first::<runtime::review_team::events::Proposed>()
		.ok_or_else(|| anyhow!("no Proposed event"))??;
	let (hash, index) = (proposed.proposal_hash, proposed.proposal_index);
	for member in &team[..2] {
		dev.submit(&runtime::transactions().review_team().vote(hash, index, true), member).await?;
	}
	let weight = runtime::runtime_types::sp_weights::weight_v2::Weight {
		ref_time: 50_000_000_000,
		proof_size: 5_000_000,
	};
	let close = runtime::transactions().review_team().close(hash, index, weight, length_bound);
	let (events, block) = dev.submit(&close, &team[0]).await?;
	let executed = events
		.find_first::<runtime::review_team::events::Executed>()
		.ok_or_else(|| anyhow!("the motion was not executed"))??;
	assert!(executed.result.is_ok(), "the review's call failed: {:?}", executed.result);
	Ok(block)
}

#[tokio::test(flavor = "multi_thread")]
async fn social_insurance_is_approved_automatically_and_collects_premiums() -> Result<()> {
	let dev = Dev::start().await?;
	// Agency 0 is the development social insurance agency; Alice administers it.
	let officer = dev.add_staff(&dev.sudo, Role::SocialInsuranceOfficer, "insurance-officer").await?;
	let insured = keypair("//Eve"); // a funded development account
	dev.register_citizen(&insured, Role::InsuredEmployee, 0, b"eve's photo", &officer).await?;

	let form = InsuranceForm {
		agency: 0,
		form_cid: Some(cid(b"insurance form")),
		photo_cid: Some(cid(b"eve's photo")),
		bank_account_hash: H256([7; 32]),
		monthly_income: 8_000 * YUAN,
		payment_ratio: Permill(80_000), // 8 %
		documents: BoundedVec(vec![cid(b"employment contract")]),
	};
	let before = dev.free_balance(&insured, dev.api.at_current_block().await?.block_hash()).await?;
	let fund_before = dev.fund_balance(0, dev.api.at_current_block().await?.block_hash()).await?;
	let (events, block) = dev.submit(&runtime::transactions().insurance().apply_for_insurance(form), &insured).await?;
	let approved = events
		.find_first::<runtime::insurance::events::InsuranceApproved>()
		.ok_or_else(|| anyhow!("not approved"))??;
	let premium = 640 * YUAN;
	assert_eq!(approved.premium, premium);
	assert_eq!(dev.free_balance(&insured, block).await?, before - premium);
	assert_eq!(dev.fund_balance(0, block).await?, fund_before + premium);

	// A premium is withheld every "month" (a minute on --dev).
	let number = dev.api.at_block(block).await?.block_number();
	let later = dev.wait_for_block(number + 21).await?;
	assert_eq!(dev.free_balance(&insured, later).await?, before - 2 * premium);

	// The officer ends the agreement; the case is closed with its whole history.
	let end = runtime::transactions().insurance().end_agreement(
		approved.case,
		runtime::runtime_types::pallet_insurance::types::EndReason::LeftEmployment,
		Some(cid(b"termination letter")),
	);
	dev.submit(&end, &officer).await?;
	let case = dev.case_json(approved.case).await?;
	assert_eq!(case["case"]["status"], "Closed");
	assert_eq!(case["case"]["service"], "SocialInsurance");
	assert_eq!(steps(&case), vec!["Submission", "Payments"]);
	assert!(case["history"][0]["rule"]["inputDigest"].is_string(), "automatic decisions are stamped");
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn social_assistance_goes_through_inspection_accounting_and_review_to_payments() -> Result<()> {
	let dev = Dev::start().await?;
	let (civil, civil_admin) = dev.add_agency(AgencyKind::CivilAffairsDepartment, "civil").await?;
	let (_, committee_admin) = dev.add_agency(AgencyKind::NeighborhoodCommittee, "committee").await?;
	let (_, sub_district_admin) = dev.add_agency(AgencyKind::SubDistrictOffice, "sub-district").await?;
	let officer = dev.add_staff(&civil_admin, Role::CivilAffairsOfficer, "civil-officer").await?;
	let inspector = dev.add_staff(&committee_admin, Role::NeighborhoodCommitteeMember, "inspector").await?;
	let accountant = dev.add_staff(&sub_district_admin, Role::SubDistrictAccountant, "accountant").await?;
	let team = review_team(&dev, &civil_admin).await?;
	let applicant = fresh_keypair("aid-applicant");
	dev.register_citizen(&applicant, Role::AidApplicant, civil, b"photo", &officer).await?;

	// Apply: a household of three on 900 yuan a month (300 each, under the 600 line).
	let form = AidForm {
		agency: civil,
		family_info_cid: Some(cid(b"family information")),
		household_members: 3,
		monthly_income: 900 * YUAN,
		property_value: 20_000 * YUAN,
		employment: EmploymentStatus::Unemployed,
		documents: BoundedVec(vec![cid(b"income certificate")]),
	};
	let (events, _) = dev.submit(&runtime::transactions().assistance().apply_for_aid(form), &applicant).await?;
	let opened = events
		.find_first::<runtime::cases::events::CaseOpened>()
		.ok_or_else(|| anyhow!("the application did not pass its checks"))??;
	let case = opened.case;

	let tx = runtime::transactions().assistance();
	dev.submit(&tx.accept_application(case), &officer).await?;
	dev.submit(&tx.record_household_inspection(case, cid(b"inspection report"), true), &inspector).await?;
	let amount = 900 * YUAN; // (600 - 300) × 3
	dev.submit(&tx.upload_income_accounting(case, cid(b"accounting sheet"), 900 * YUAN, amount), &accountant).await?;

	// The democratic review team votes the outcome through its collective.
	let feedback = runtime::Call::Assistance(runtime::assistance::Call::feedback_on_democratic_review {
		case,
		approved: true,
		minutes: Some(cid(b"review minutes")),
	});
	let block = review_vote(&dev, &team, feedback).await?;
	assert_eq!(dev.free_balance(&applicant, block).await?, amount, "the first payment arrived");

	let json = dev.case_json(case).await?;
	assert_eq!(json["case"]["status"], "Active");
	assert_eq!(
		steps(&json),
		vec!["Submission", "Acceptance", "HouseholdInspection", "IncomeAccounting", "DemocraticReview"]
	);
	assert_eq!(json["history"][4]["actor"]["collective"]["ayes"], 2);
	assert_eq!(json["history"][4]["actor"]["collective"]["of"], 3);
	assert_eq!(json["history"][2]["actor"]["staff"]["role"], "NeighborhoodCommitteeMember");

	let number = dev.api.at_block(block).await?.block_number();
	let later = dev.wait_for_block(number + 21).await?;
	assert_eq!(dev.free_balance(&applicant, later).await?, 2 * amount, "paid again a month later");
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn social_welfare_goes_through_a_consultation_team_to_payments() -> Result<()> {
	let dev = Dev::start().await?;
	let (county, county_admin) = dev.add_agency(AgencyKind::CountyWelfareDepartment, "county").await?;
	let (institute, institute_admin) = dev.add_agency(AgencyKind::WelfareInstitute, "institute").await?;
	let (_, hospital_admin) = dev.add_agency(AgencyKind::Hospital, "hospital").await?;
	let county_officer = dev.add_staff(&county_admin, Role::CountyWelfareOfficer, "county-officer").await?;
	let welfare_officer = dev.add_staff(&institute_admin, Role::WelfareInstituteOfficer, "welfare-officer").await?;
	let mut doctors = Vec::new();
	for i in 0..3 {
		doctors.push(dev.add_staff(&hospital_admin, Role::ConsultationDoctor, &format!("doctor{i}")).await?);
	}
	let applicant = fresh_keypair("welfare-applicant");
	let photo = b"applicant's photo";
	dev.register_citizen(&applicant, Role::WelfareApplicant, county, photo, &county_officer).await?;

	let form = WelfareForm {
		agency: county,
		personal_info_cid: Some(cid(b"personal information")),
		medical_records_cid: Some(cid(b"original medical records")),
		injury_proof_cid: Some(cid(b"work injury proof")),
		monthly_income: 400 * YUAN,
		documents: BoundedVec(vec![]),
	};
	let tx = runtime::transactions().welfare();
	let (events, _) = dev.submit(&tx.apply_for_social_welfare(form), &applicant).await?;
	let case = events
		.find_first::<runtime::cases::events::CaseOpened>()
		.ok_or_else(|| anyhow!("the application did not pass its checks"))??
		.case;

	dev.submit(&tx.accept_welfare_application(case), &county_officer).await?;
	let team: Vec<_> = doctors.iter().map(account).collect();
	dev.submit(&tx.apply_for_medical_consultation_team(case, team), &county_officer).await?;
	dev.submit(&tx.verify_examinee_identity(case, cid(photo)), &doctors[0]).await?;
	let conclusion = cid(b"consultation conclusion: grade 3");
	dev.submit(&tx.submit_medical_conclusion(case, conclusion.clone(), 3), &doctors[0]).await?;
	let (events, _) = dev.submit(&tx.submit_medical_conclusion(case, conclusion, 3), &doctors[1]).await?;
	assert!(events.find_first::<runtime::welfare::events::ConclusionRecorded>().is_some());

	let (events, block) = dev.submit(&tx.handle_social_welfare(case), &welfare_officer).await?;
	let granted = events
		.find_first::<runtime::welfare::events::WelfareGranted>()
		.ok_or_else(|| anyhow!("no welfare granted"))??;
	// Grade 3 pays 2 400 yuan, less half of the 400 yuan income.
	assert_eq!(granted.monthly_amount, 2_200 * YUAN);
	assert_eq!(granted.agency, institute);
	assert_eq!(dev.free_balance(&applicant, block).await?, 2_200 * YUAN);

	let json = dev.case_json(case).await?;
	assert_eq!(json["case"]["status"], "Active");
	assert_eq!(
		steps(&json),
		vec![
			"Submission",
			"Acceptance",
			"ConsultationTeam",
			"MedicalExamination",
			"MedicalExamination",
			"WelfareHandling"
		]
	);
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn minimum_living_guarantee_goes_through_review_and_public_notice_to_payments() -> Result<()> {
	let dev = Dev::start().await?;
	let (civil, civil_admin) = dev.add_agency(AgencyKind::CivilAffairsDepartment, "civil").await?;
	let (_, committee_admin) = dev.add_agency(AgencyKind::NeighborhoodCommittee, "committee").await?;
	let (_, sub_district_admin) = dev.add_agency(AgencyKind::SubDistrictOffice, "sub-district").await?;
	let officer = dev.add_staff(&civil_admin, Role::CivilAffairsOfficer, "civil-officer").await?;
	let inspector = dev.add_staff(&committee_admin, Role::NeighborhoodCommitteeMember, "inspector").await?;
	let accountant = dev.add_staff(&sub_district_admin, Role::SubDistrictAccountant, "accountant").await?;
	let team = review_team(&dev, &civil_admin).await?;
	let applicant = fresh_keypair("minimum-living-applicant");
	dev.register_citizen(&applicant, Role::MinimumLivingApplicant, civil, b"photo", &officer).await?;

	// Chengdu (900 yuan per person): two people on 600 yuan a month.
	let form = MinimumLivingForm {
		agency: civil,
		region: 510_100,
		household_info_cid: Some(cid(b"household information")),
		household_members: 2,
		household_income: 600 * YUAN,
		property_value: 5_000 * YUAN,
		documents: BoundedVec(vec![]),
	};
	let tx = runtime::transactions().minimum_living();
	let (events, _) = dev.submit(&tx.apply_for_minimum_living(form), &applicant).await?;
	let case = events
		.find_first::<runtime::cases::events::CaseOpened>()
		.ok_or_else(|| anyhow!("the application did not pass its checks"))??
		.case;
	dev.submit(&tx.accept_application(case), &officer).await?;
	dev.submit(&tx.record_household_inspection(case, cid(b"inspection"), true), &inspector).await?;
	let (events, _) = dev.submit(&tx.upload_income_accounting(case, cid(b"accounting"), 600 * YUAN), &accountant).await?;
	let accounted = events
		.find_first::<runtime::minimum_living::events::IncomeAccounted>()
		.ok_or_else(|| anyhow!("no accounting"))??;
	let amount = 1_200 * YUAN; // (900 - 300) × 2
	assert_eq!(accounted.monthly_amount, amount);

	let feedback = runtime::Call::MinimumLiving(runtime::minimum_living::Call::feedback_on_democratic_review {
		case,
		approved: true,
		minutes: None,
	});
	review_vote(&dev, &team, feedback).await?;
	let json = dev.case_json(case).await?;
	assert_eq!(json["case"]["step"], "PublicNotice");

	// An objection pauses the case; the officer dismisses it and the notice starts again.
	let objector = keypair("//Alice");
	dev.submit(&tx.object(case, cid(b"objection")), &objector).await?;
	assert_eq!(dev.case_json(case).await?["case"]["status"], "Suspended");
	let (events, _) = dev.submit(&tx.resolve_objection(case, false, cid(b"finding")), &officer).await?;
	let notice = events
		.find_first::<runtime::minimum_living::events::NoticePublished>()
		.ok_or_else(|| anyhow!("the notice did not restart"))??;
	let notice_over = dev.wait_for_block(notice.ends as u64).await?;
	let fund_before = dev.fund_balance(civil, notice_over).await?;
	let (_, block) = dev.submit(&tx.conclude_public_notice(case), &applicant).await?;
	assert_eq!(dev.free_balance(&applicant, block).await?, amount);
	assert_eq!(dev.fund_balance(civil, block).await?, fund_before - amount);

	let json = dev.case_json(case).await?;
	assert_eq!(json["case"]["status"], "Active");
	assert_eq!(json["case"]["step"], "AnnualRecheck");
	assert_eq!(
		steps(&json),
		vec![
			"Submission",
			"Acceptance",
			"HouseholdInspection",
			"IncomeAccounting",
			"DemocraticReview",
			"PublicNotice",
			"ObjectionReview",
			"PublicNotice"
		]
	);
	// The annual re-check waits in the officer's queue.
	let rpc = subxt_rpcs::RpcClient::from_insecure_url(dev.node.ws_url()).await?;
	let queue: serde_json::Value =
		rpc.request("cases_queue", subxt_rpcs::rpc_params!["CivilAffairsOfficer"]).await?;
	assert!(queue.as_array().is_some_and(|q| q.iter().any(|c| c["id"] == case)));
	Ok(())
}
