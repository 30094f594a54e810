//! End to end, one test per service: a real development node, the whole workflow driven over RPC
//! with signed extrinsics from accounts holding the right roles at the agencies responsible for
//! the applicant's neighbourhood (the democratic review votes through `DemocraticReview`), then
//! the final status, the history and the balances checked.
//!
//! Each test ends by searching every storage value and every event of every block for the
//! personal figures, ID numbers and bank numbers it used: none may be on chain in clear (the
//! figures travel in calls and stay in the case's encrypted documents). The figures are odd
//! amounts that equal nothing the chain keeps legitimately, and the search must find the amount
//! paid, so an empty result means the figures are absent rather than the search blind.

use anyhow::{anyhow, Result};
use codec::Encode;
use safetynet_e2e::{
	chain::{account, cid, fresh_keypair, keypair},
	runtime::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			pallet_assistance::types::{AidForm, EmploymentStatus},
			pallet_insurance::types::InsuranceForm,
			pallet_minimum_living::types::MinimumLivingForm,
			pallet_welfare::types::{HandlingFigures, WelfareForm},
			safetynet_primitives::roles::{AgencyKind, Role},
			sp_arithmetic::per_things::Permill,
		},
	},
	scan::{scan_chain, Needle},
	setup::{household_review, id_number_of, review_vote, Dev, DISTRICT, HOME},
};
use subxt::utils::H256;

const YUAN: u128 = 100;

/// Searches the whole chain: none of `secrets` may be found, and every one of `present` must be
/// (the proof that the search reads what the chain holds).
async fn assert_no_personal_data(
	dev: &Dev,
	secrets: Vec<Needle>,
	present: Vec<Needle>,
) -> Result<()> {
	let all = [secrets.clone(), present.clone()].concat();
	let (hits, coverage) = scan_chain(&dev.node.ws_url(), &all).await?;
	let leaked: Vec<_> =
		hits.iter().filter(|h| secrets.iter().any(|n| n.label == h.label)).collect();
	assert!(leaked.is_empty(), "personal data on chain: {leaked:#?}");
	for needle in &present {
		assert!(
			hits.iter().any(|h| h.label == needle.label),
			"the search missed {} although the chain holds it ({coverage:?})",
			needle.label
		);
	}
	assert!(coverage.blocks > 10 && coverage.entries > 100, "too little searched: {coverage:?}");
	Ok(())
}

/// Waits (a finality round or two) until the node's Prometheus endpoint shows the insurance
/// case opened and closed and the pool's refusal by name, beside Substrate's own figures.
async fn business_metrics_show(port: u16, case: u64) -> Result<()> {
	use safetynet_e2e::node::{metric, metrics_text};
	let wanted = [
		r#"safetynet_cases_opened_total{service="SocialInsurance"}"#,
		r#"safetynet_cases_closed_total{service="SocialInsurance",status="Closed"}"#,
		r#"safetynet_pool_refused_total{reason="CallNotAllowed"}"#,
	];
	let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
	loop {
		let text = metrics_text(port)?;
		let missing: Vec<_> = wanted
			.iter()
			.filter(|series| metric(&text, series).is_none_or(|v| v < 1.0))
			.collect();
		if missing.is_empty() {
			assert!(metric(&text, "safetynet_seals_pending").is_some(), "no seal gauge");
			assert!(
				metric(&text, r#"safetynet_steps_overdue{service="MinimumLiving"}"#).is_some(),
				"no overdue gauge"
			);
			assert!(text.contains("substrate_block_height"), "Substrate's own metrics are gone");
			return Ok(());
		}
		if std::time::Instant::now() > deadline {
			return Err(anyhow!(
				"case {case}: metrics missing {missing:?} in:\n{}",
				text.lines()
					.filter(|l| l.starts_with("safetynet_"))
					.collect::<Vec<_>>()
					.join("\n")
			));
		}
		tokio::time::sleep(std::time::Duration::from_secs(2)).await;
	}
}

/// A fresh salt for a form (the applicant keeps it with the figures in the encrypted form).
fn salt(seed: &str) -> [u8; 32] {
	sp_crypto_hashing::blake2_256(seed.as_bytes())
}

/// The JSON history of a case: its steps, in order.
fn steps(case: &serde_json::Value) -> Vec<String> {
	case["history"]
		.as_array()
		.map(|h| h.iter().map(|r| r["step"].as_str().unwrap_or_default().to_string()).collect())
		.unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn social_insurance_is_approved_automatically_and_collects_premiums() -> Result<()> {
	// With Prometheus on: the operator's business figures are checked at the end.
	let prometheus = safetynet_e2e::node::free_port()?;
	let dev = Dev::start_with(&["--prometheus-port".into(), prometheus.to_string()]).await?;
	// Agency 0 is the development social insurance agency; Alice administers it.
	let officer = dev
		.add_staff(&dev.alice, Role::SocialInsuranceOfficer, "insurance-officer")
		.await?;
	let insured = keypair("//Eve"); // a funded development account
	dev.register_citizen(&insured, Role::InsuredEmployee, 0, b"eve's photo", &officer)
		.await?;

	// The agency's bank key (held off chain) and Eve's card, a Luhn-valid test number.
	let bank_key = [0x42; 32];
	let card = "6217 0098 7654 3213";
	let bank_account_ref = safetynet_docs::identity::bank_account_ref(&bank_key, card)?;
	let income = 812_345; // 8 123.45 yuan
	let form = InsuranceForm {
		agency: 0,
		form_cid: Some(cid(b"insurance form")),
		photo_cid: Some(cid(b"eve's photo")),
		bank_account_ref: H256(bank_account_ref),
		monthly_income: income,
		payment_ratio: Permill(80_000), // 8 %
		documents: BoundedVec(vec![cid(b"employment contract")]),
		salt: salt("eve's insurance"),
	};
	let before = dev
		.free_balance(&insured, dev.api.at_current_block().await?.block_hash())
		.await?;
	let fund_before = dev.fund_balance(0, dev.api.at_current_block().await?.block_hash()).await?;
	let (events, block) =
		dev.submit(&runtime::transactions().insurance().apply(form), &insured).await?;
	let approved = events
		.find_first::<runtime::insurance::events::InsuranceApproved>()
		.ok_or_else(|| anyhow!("not approved"))??;
	let premium = 64_987; // 8 % of 8 123.45 yuan, rounded down to the fen
	assert_eq!(approved.premium, premium);
	assert_eq!(dev.free_balance(&insured, block).await?, before - premium);
	assert_eq!(dev.fund_balance(0, block).await?, fund_before + premium);

	// A premium is withheld every "month" (a minute on --dev).
	let number = dev.api.at_block(block).await?.block_number();
	let later = dev.wait_for_block(number + 21).await?;
	assert_eq!(dev.free_balance(&insured, later).await?, before - 2 * premium);

	// The officer ends the agreement through the lifecycle; the case is closed with its whole
	// history.
	let end = runtime::transactions().cases().end(approved.case, cid(b"termination letter"));
	dev.submit(&end, &officer).await?;
	let case = dev.case_json(approved.case).await?;
	assert_eq!(case["case"]["status"], "Closed");
	assert_eq!(case["case"]["service"], "SocialInsurance");
	assert_eq!(steps(&case), vec!["Submission", "Payments"]);
	assert!(
		case["history"][0]["rule"]["inputDigest"].is_string(),
		"automatic decisions are stamped"
	);

	// The insured may not take a staff step: the pool refuses it, and the node counts why.
	let again = runtime::transactions().cases().end(approved.case, cid(b"forged letter"));
	safetynet_e2e::chain::expect_pool_refusal(
		&dev.api,
		&dev.node.ws_url(),
		&again,
		&insured,
		"CallNotAllowed",
	)
	.await?;
	business_metrics_show(prometheus, approved.case).await?;

	let secrets = [
		Needle::figure("income", income),
		Needle::text("bank card", "6217009876543213"),
		Needle::text("bank card as typed", card),
		Needle::text("ID number", &id_number_of(&insured)),
	]
	.concat();
	let present = [
		Needle::stored_amount("premium", premium),
		Needle::bytes("bank reference", bank_account_ref.to_vec()),
	]
	.concat();
	assert_no_personal_data(&dev, secrets, present).await
}

#[tokio::test(flavor = "multi_thread")]
async fn social_assistance_goes_through_inspection_accounting_and_review_to_payments() -> Result<()>
{
	let dev = Dev::start().await?;
	let review = household_review(&dev).await?;
	let applicant = fresh_keypair("aid-applicant");
	let child = safetynet_e2e::chain::identity("aid applicant's child");
	let spouse = safetynet_e2e::chain::identity("aid applicant's spouse");
	dev.register_household(
		&applicant,
		Role::AidApplicant,
		review.civil,
		b"photo",
		&review.officer,
		HOME,
		&[child.clone(), spouse.clone()],
	)
	.await?;

	// Apply: a household of three on 901.11 yuan a month (300.37 each, under the 600 line).
	let (income, property) = (90_111, 2_001_357);
	let form = AidForm {
		agency: review.civil,
		family_info_cid: Some(cid(b"family information")),
		household: BoundedVec(vec![child, spouse]),
		monthly_income: income,
		property_value: property,
		employment: EmploymentStatus::Unemployed,
		documents: BoundedVec(vec![cid(b"income certificate")]),
		salt: salt("aid application"),
	};
	let (events, _) = dev
		.submit(&runtime::transactions().assistance().apply(form), &applicant)
		.await?;
	let opened = events
		.find_first::<runtime::cases::events::CaseOpened>()
		.ok_or_else(|| anyhow!("the application did not pass its checks"))??;
	let case = opened.case;

	let tx = runtime::transactions().assistance();
	dev.submit(&tx.accept(case, None), &review.officer).await?;
	dev.submit(&tx.inspect(case, cid(b"inspection report"), true, None), &review.inspector)
		.await?;
	let assessed = 90_222; // 902.22 yuan: 300.74 each
	let amount = 89_778; // (600 - 300.74) × 3, in fen
	let accounting = tx.account_income(case, cid(b"accounting sheet"), assessed, amount);
	dev.submit(&accounting, &review.accountant).await?;

	// The democratic review team votes the outcome through.
	let block = review_vote(&dev, &review.team, case).await?;
	assert_eq!(dev.free_balance(&applicant, block).await?, amount, "the first payment arrived");

	let json = dev.case_json(case).await?;
	assert_eq!(json["case"]["status"], "Active");
	assert_eq!(
		steps(&json),
		vec![
			"Submission",
			"Acceptance",
			"HouseholdInspection",
			"IncomeAccounting",
			"DemocraticReview"
		]
	);
	assert_eq!(json["history"][4]["actor"]["collective"]["ayes"], 2);
	assert_eq!(json["history"][4]["actor"]["collective"]["of"], 3);
	assert_eq!(json["history"][2]["actor"]["staff"]["role"], "NeighborhoodCommitteeMember");

	let number = dev.api.at_block(block).await?.block_number();
	let later = dev.wait_for_block(number + 21).await?;
	assert_eq!(dev.free_balance(&applicant, later).await?, 2 * amount, "paid again a month later");

	let secrets = [
		Needle::figure("declared income", income),
		Needle::figure("property", property),
		Needle::figure("assessed income", assessed),
		Needle::text("ID number", &id_number_of(&applicant)),
		Needle::id_number_of_seed("child's ID number", "aid applicant's child"),
		Needle::id_number_of_seed("spouse's ID number", "aid applicant's spouse"),
	]
	.concat();
	assert_no_personal_data(&dev, secrets, Needle::stored_amount("amount paid", amount)).await
}

#[tokio::test(flavor = "multi_thread")]
async fn social_welfare_goes_through_a_consultation_team_to_payments() -> Result<()> {
	let dev = Dev::start().await?;
	let (county, county_admin) =
		dev.add_agency(AgencyKind::CountyWelfareDepartment, "county", DISTRICT).await?;
	let (institute, institute_admin) =
		dev.add_agency(AgencyKind::WelfareInstitute, "institute", DISTRICT).await?;
	let (_, hospital_admin) = dev.add_agency(AgencyKind::Hospital, "hospital", DISTRICT).await?;
	let county_officer = dev
		.add_staff(&county_admin, Role::CountyWelfareOfficer, "county-officer")
		.await?;
	let welfare_officer = dev
		.add_staff(&institute_admin, Role::WelfareInstituteOfficer, "welfare-officer")
		.await?;
	let mut doctors = Vec::new();
	for i in 0..3 {
		doctors.push(
			dev.add_staff(&hospital_admin, Role::ConsultationDoctor, &format!("doctor{i}"))
				.await?,
		);
	}
	let applicant = fresh_keypair("welfare-applicant");
	let photo = b"applicant's photo";
	dev.register_citizen(&applicant, Role::WelfareApplicant, county, photo, &county_officer)
		.await?;

	let (income, declaration_salt) = (41_234, salt("welfare application")); // 412.34 yuan
	let form = WelfareForm {
		agency: county,
		personal_info_cid: Some(cid(b"personal information")),
		medical_records_cid: Some(cid(b"original medical records")),
		injury_proof_cid: Some(cid(b"work injury proof")),
		monthly_income: income,
		documents: BoundedVec(vec![]),
		salt: declaration_salt,
	};
	let tx = runtime::transactions().welfare();
	let (events, _) = dev.submit(&tx.apply(form), &applicant).await?;
	let case = events
		.find_first::<runtime::cases::events::CaseOpened>()
		.ok_or_else(|| anyhow!("the application did not pass its checks"))??
		.case;

	dev.submit(&tx.accept(case, Some(institute)), &county_officer).await?;
	let team: Vec<_> = doctors.iter().map(account).collect();
	dev.submit(&tx.form_team(case, team), &county_officer).await?;
	dev.submit(&tx.verify_identity(case, cid(photo)), &doctors[0]).await?;
	// The team's conclusion document states grade 3 and the salt the team drew.
	let conclusion = cid(b"consultation conclusion: grade 3");
	let team_salt = salt("consultation team");
	dev.submit(&tx.conclude(case, conclusion.clone(), 3, team_salt), &doctors[0])
		.await?;
	let (events, _) = dev
		.submit(&tx.conclude(case, conclusion.clone(), 3, team_salt), &doctors[1])
		.await?;
	assert!(events.find_first::<runtime::welfare::events::ConclusionRecorded>().is_some());

	// The institute reads the grade and the income from the documents; wrong figures are
	// refused.
	let figures = |grade, monthly_income| HandlingFigures {
		grade,
		conclusion_salt: team_salt,
		monthly_income,
		declaration_salt,
	};
	let refused = dev.submit(&tx.handle(case, figures(1, income)), &welfare_officer).await;
	let message = format!("{:?}", refused.err().ok_or_else(|| anyhow!("a wrong grade passed"))?);
	assert!(message.contains("FiguresMismatch"), "{message}");
	let (events, block) =
		dev.submit(&tx.handle(case, figures(3, income)), &welfare_officer).await?;
	let granted = events
		.find_first::<runtime::welfare::events::WelfareGranted>()
		.ok_or_else(|| anyhow!("no welfare granted"))??;
	// Grade 3 pays 2 400 yuan, less half of the 412.34 yuan income, from the institute's fund.
	let amount = 2_400 * YUAN - income / 2;
	assert_eq!(granted.monthly_amount, amount);
	assert_eq!(granted.agency, institute);
	assert_eq!(dev.free_balance(&applicant, block).await?, amount);

	let json = dev.case_json(case).await?;
	assert_eq!(json["case"]["status"], "Active");
	assert_eq!(json["case"]["decidedBy"], institute);
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

	// Neither the income nor the grade is on chain: not even the conclusion's CID next to the
	// grade, as an event naming both would have put it.
	let mut grade_with_document = conclusion.0 .0.encode();
	grade_with_document.push(3);
	let secrets = [
		Needle::figure("income", income),
		Needle::bytes("grade beside its conclusion", grade_with_document),
		Needle::text("ID number", &id_number_of(&applicant)),
	]
	.concat();
	assert_no_personal_data(&dev, secrets, Needle::stored_amount("amount paid", amount)).await
}

#[tokio::test(flavor = "multi_thread")]
async fn minimum_living_guarantee_goes_through_review_and_public_notice_to_payments() -> Result<()>
{
	let dev = Dev::start().await?;
	let review = household_review(&dev).await?;
	let applicant = fresh_keypair("minimum-living-applicant");
	let spouse = safetynet_e2e::chain::identity("minimum living applicant's spouse");
	dev.register_household(
		&applicant,
		Role::MinimumLivingApplicant,
		review.civil,
		b"photo",
		&review.officer,
		HOME,
		std::slice::from_ref(&spouse),
	)
	.await?;

	// Beijing's standard (1 380 yuan per person): two people on 612.34 yuan a month.
	let (income, property) = (61_234, 501_234);
	let form = MinimumLivingForm {
		agency: review.civil,
		household_info_cid: Some(cid(b"household information")),
		household: BoundedVec(vec![spouse]),
		household_income: income,
		property_value: property,
		documents: BoundedVec(vec![]),
		salt: salt("minimum living application"),
	};
	let tx = runtime::transactions().minimum_living();
	let (events, _) = dev.submit(&tx.apply(form), &applicant).await?;
	let case = events
		.find_first::<runtime::cases::events::CaseOpened>()
		.ok_or_else(|| anyhow!("the application did not pass its checks"))??
		.case;
	dev.submit(&tx.accept(case, None), &review.officer).await?;
	dev.submit(&tx.inspect(case, cid(b"inspection"), true, None), &review.inspector)
		.await?;
	let (events, _) = dev
		.submit(&tx.account_income(case, cid(b"accounting"), income), &review.accountant)
		.await?;
	let accounted = events
		.find_first::<runtime::minimum_living::events::IncomeAccounted>()
		.ok_or_else(|| anyhow!("no accounting"))??;
	let amount = 214_766; // (1 380 - 306.17) × 2, in fen
	assert_eq!(accounted.monthly_amount, amount);

	review_vote(&dev, &review.team, case).await?;
	let json = dev.case_json(case).await?;
	assert_eq!(json["case"]["step"], "PublicNotice");

	// An objection (here the inspector's) pauses the notice; the officer dismisses it and the
	// notice starts again.
	dev.submit(&tx.object(case, cid(b"objection")), &review.inspector).await?;
	assert_eq!(dev.case_json(case).await?["case"]["step"], "ObjectionReview");
	let (events, _) = dev
		.submit(&tx.resolve_objection(case, false, cid(b"finding")), &review.officer)
		.await?;
	let notice = events
		.find_first::<runtime::minimum_living::events::NoticePublished>()
		.ok_or_else(|| anyhow!("the notice did not restart"))??;
	let notice_over = dev.wait_for_block(notice.ends as u64).await?;
	let fund_before = dev.fund_balance(review.civil, notice_over).await?;
	let (_, block) = dev.submit(&tx.conclude_notice(case), &applicant).await?;
	assert_eq!(dev.free_balance(&applicant, block).await?, amount);
	assert_eq!(dev.fund_balance(review.civil, block).await?, fund_before - amount);

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
	// The annual re-check waits in the department's queue.
	let rpc = subxt_rpcs::RpcClient::from_insecure_url(dev.node.ws_url()).await?;
	let queue: serde_json::Value = rpc
		.request("cases_queue", subxt_rpcs::rpc_params!["CivilAffairsOfficer", review.civil])
		.await?;
	assert!(queue.as_array().is_some_and(|q| q.iter().any(|c| c["id"] == case)));

	let secrets = [
		Needle::figure("income", income),
		Needle::figure("property", property),
		Needle::text("ID number", &id_number_of(&applicant)),
		Needle::id_number_of_seed("spouse's ID number", "minimum living applicant's spouse"),
	]
	.concat();
	assert_no_personal_data(&dev, secrets, Needle::stored_amount("amount paid", amount)).await
}
