//! End to end: the citizen portal and the staff workbench in real Chromium (Debian's
//! `chromium`, driven by `playwright-core` from `portal/tests/browser.mjs`), on the four-agency
//! `local` network (`scripts/start-consortium.sh`: four validators, each agency's document node
//! its key custodian). The same build is served by its web server (nginx) four times: as the
//! citizen portal, with the citizen gateway in front of agency 0's node, agency 0's document node
//! for uploads, and every agency's key custodian at `/agencies/<agency>/keys/`; and as the
//! workbench of each of the three service agencies that run a node (social insurance, civil
//! affairs, the welfare institute), each on its own origin with its own node and document node.
//! The agencies the council adds for the test (neighbourhood committee, sub-district office,
//! county welfare department, hospital) run no node: their staff use the workbench of the
//! agency they work beside.
//!
//! The council first shortens the services' periods (a "month" of 20 blocks, as on the
//! development chain) by motions, so every case reaches its first payment within the test.
//!
//! Four citizens each create an account in the browser, register (the form encrypted in the
//! browser to the agency; one request is first turned down and the citizen reads why), are
//! verified, apply for one of the four services, follow the case to its first payment and check
//! its sealed approval, a tampered copy rejected; the minimum living guarantee in Chinese, with
//! an objection during its public notice. Another citizen is refused a case that is not theirs,
//! and every page type passes an accessibility audit.
//!
//! Every staff step is taken in the workbench, each by the member whose step it is, signed in
//! with a key file made from the keys this file registers: officers verify and turn down
//! registrations (forms decrypted in the browser with the agency's key, ID numbers hashed
//! there); the insurance officer and the civil affairs officer each open a citizen's document
//! against an access receipt, from their own agency's custodian, with which the citizen shared
//! the case through the portal (the custodian's Rust `age` wraps the case key, the browser
//! unwraps it); the assistance case is accepted, inspected, accounted and approved by the
//! democratic review, then suspended, resumed and ended; the welfare case is accepted, given a
//! consultation team whose doctors check the applicant's identity and conclude, and handled by
//! the institute; the minimum living case goes through its review, public notice and objection.
//! Another agency's officer is refused the case. This file answers the browser script's few
//! requests on its stdin (an ID number, money for premiums) and reads one registration form with
//! `safetynet-docs decrypt` (the Rust `age`), as the agency's own tools would.

use anyhow::{anyhow, bail, ensure, Context, Result};
use safetynet_docs::{client::KuboClient, crypto};
use safetynet_e2e::{
	chain::{self, keypair},
	docs::{cat_within, docs_binary, set_custodian_at},
	gateway::Gateway,
	network::{Consortium, AGENCIES},
	portal::PortalServer,
	repo_root,
	runtime::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			safetynet_primitives::roles::{AgencyKind, Role},
		},
	},
	setup::{add_staff_at, household_review_with, DISTRICT, HOME},
};
use serde_json::{json, Value};
use std::{path::PathBuf, process::Stdio, str::FromStr, time::Duration};
use subxt::utils::{AccountId32, MultiAddress};
use subxt_signer::sr25519::Keypair;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

const YUAN: u128 = 100;
/// The test's "month" between payments and premiums, in blocks (a minute, as on the
/// development chain), and its public notice.
const MONTH: u32 = 20;
const NOTICE: u32 = 10;
/// The genesis agencies of `local` whose nodes serve the workbenches
/// (`runtime/src/genesis_config_presets.rs`), by agency id = node index.
const INSURANCE: usize = 0;
const CIVIL: usize = 1;
const INSTITUTE: usize = 2;
/// Their administrators, who also sit on the council.
const ADMINS: [&str; AGENCIES] = ["//Alice", "//Bob", "//Charlie", "//Dave"];

/// An agency as the citizens meet it, and the key its registration forms are read with.
struct Agency {
	id: u32,
	name: String,
	/// The age identity the agency's registration forms are encrypted to, in a file.
	identity_file: PathBuf,
}

/// Everything the staff side needs.
struct Staff {
	network: Consortium,
	dir: tempfile::TempDir,
	insurance: Agency,
	county: Agency,
	civil: Agency,
	/// The secret URIs of the members who act in the workbench, for their key files.
	keys: Value,
	/// Which agency's workbench (node index) each member signs in to, by secret URI.
	posts: Vec<(String, usize)>,
	/// The workbench origin of each member, by secret URI, once the workbenches are served.
	origins: Value,
	/// A citizen portal whose web server misroutes agency 0's custodian (to agency 1's).
	misrouted: String,
}

/// The development identity of genesis agency `i` (its registration forms' key), in a file.
fn genesis_identity(i: usize) -> PathBuf {
	repo_root().join(format!("chain-specs/dev-keys/agency-{i}.age"))
}

/// The council gives every service a `MONTH` between payments and premiums and a `NOTICE`-block
/// public notice, keeping the rest of each service's parameters.
async fn short_periods(network: &Consortium) -> Result<()> {
	let at = network.api().at_block(chain::best_hash(&network.url(0)).await?).await?;
	let storage = runtime::storage();
	let mut insurance = at
		.storage()
		.entry(storage.insurance_parameters().parameters())?
		.fetch(())
		.await?
		.decode()?;
	insurance.premium_period = MONTH;
	let mut assistance = at
		.storage()
		.entry(storage.assistance_parameters().parameters())?
		.fetch(())
		.await?
		.decode()?;
	assistance.payment_period = MONTH;
	let mut welfare = at
		.storage()
		.entry(storage.welfare_parameters().parameters())?
		.fetch(())
		.await?
		.decode()?;
	welfare.payment_period = MONTH;
	let mut guarantee = at
		.storage()
		.entry(storage.minimum_living_parameters().parameters())?
		.fetch(())
		.await?
		.decode()?;
	guarantee.payment_period = MONTH;
	guarantee.notice_period = NOTICE;
	for call in [
		runtime::Call::InsuranceParameters(runtime::insurance_parameters::Call::set {
			parameters: insurance,
		}),
		runtime::Call::AssistanceParameters(runtime::assistance_parameters::Call::set {
			parameters: assistance,
		}),
		runtime::Call::WelfareParameters(runtime::welfare_parameters::Call::set {
			parameters: welfare,
		}),
		runtime::Call::MinimumLivingParameters(runtime::minimum_living_parameters::Call::set {
			parameters: guarantee,
		}),
	] {
		network.council(call).await?;
	}
	Ok(())
}

impl Staff {
	async fn start() -> Result<Staff> {
		let network = Consortium::start().await?;
		let dir = tempfile::tempdir()?;
		let (api, url) = (network.api(), network.url(0));
		// Each genesis agency's document node is its key custodian, holding the identity whose
		// recipient the genesis registers; its administrator registers the custodian key.
		let custodians = (0..AGENCIES).map(|i| {
			let gateway = network.docs_gateway_url(i);
			let url = url.clone();
			async move { set_custodian_at(api, &url, &keypair(ADMINS[i]), i as u32, &gateway).await }
		});
		futures::future::try_join_all(custodians).await?;
		short_periods(&network).await?;
		let mut posts = Vec::new();
		let mut member = async |admin: &Keypair, role: Role, label: &str, node: usize| {
			let (_, uri) = add_staff_at(api, &url, admin, role, label).await?;
			posts.push((uri.clone(), node));
			anyhow::Ok(uri)
		};
		let insurance_officer = member(
			&keypair(ADMINS[INSURANCE]),
			Role::SocialInsuranceOfficer,
			"insurance-officer",
			INSURANCE,
		)
		.await?;
		let insurance = Agency {
			id: INSURANCE as u32,
			name: "Social Insurance Agency".into(),
			identity_file: genesis_identity(INSURANCE),
		};
		// The civil affairs department's household review, with the committee and the
		// sub-district office the council adds; their members work at the department's node.
		let review = household_review_with(&network, CIVIL as u32, keypair(ADMINS[CIVIL])).await?;
		let civil = Agency {
			id: CIVIL as u32,
			name: "Civil Affairs Department".into(),
			identity_file: genesis_identity(CIVIL),
		};
		// The county welfare department, added by the council, with its own registration key (it
		// seals nothing here: the institute decides the welfare case).
		let (county_id, county_admin) = network
			.add_agency(
				AgencyKind::CountyWelfareDepartment,
				"Chaoyang County Welfare Department",
				DISTRICT,
			)
			.await?;
		let (secret, recipient) = crypto::generate_identity();
		let county_identity = dir.path().join(format!("agency-{county_id}.age"));
		std::fs::write(&county_identity, secret)?;
		let keys_call = runtime::transactions().documents().set_agency_keys(
			county_id,
			keypair("//CountySeal").public_key().0,
			BoundedVec(recipient.into_bytes()),
		);
		network.submit(&keys_call, &county_admin).await?;
		let county_officer =
			member(&county_admin, Role::CountyWelfareOfficer, "county-officer", INSTITUTE).await?;
		let county = Agency {
			id: county_id,
			name: "Chaoyang County Welfare Department".into(),
			identity_file: county_identity,
		};
		let institute_officer = member(
			&keypair(ADMINS[INSTITUTE]),
			Role::WelfareInstituteOfficer,
			"welfare-officer",
			INSTITUTE,
		)
		.await?;
		let (_, hospital_admin) =
			network.add_agency(AgencyKind::Hospital, "Chaoyang Hospital", DISTRICT).await?;
		let mut doctors = Vec::new();
		for i in 0..3 {
			doctors.push(
				member(&hospital_admin, Role::ConsultationDoctor, &format!("doctor{i}"), INSTITUTE)
					.await?,
			);
		}
		posts.extend(review.uris.values().map(|uri| (uri.clone(), CIVIL)));
		let reviewers: Vec<&String> = ["reviewer0", "reviewer1", "reviewer2"]
			.iter()
			.map(|r| &review.uris[r])
			.collect();
		let keys = json!({
			"insuranceOfficer": insurance_officer,
			"insuranceKeyFile": insurance.identity_file,
			"countyOfficer": county_officer,
			"countyKeyFile": county.identity_file,
			"instituteOfficer": institute_officer,
			"doctors": doctors,
			"civilOfficer": review.uris["civil-officer"],
			"inspector": review.uris["inspector"],
			"accountant": review.uris["accountant"],
			"reviewers": reviewers,
			"civilKeyFile": civil.identity_file,
			"identityKeyFile": repo_root().join("chain-specs/dev-keys/identity.key"),
		});
		Ok(Staff {
			keys,
			network,
			dir,
			insurance,
			county,
			civil,
			posts,
			origins: json!({}),
			misrouted: String::new(),
		})
	}

	fn agency(&self, id: u64) -> Result<&Agency> {
		[&self.insurance, &self.civil, &self.county]
			.into_iter()
			.find(|a| u64::from(a.id) == id)
			.ok_or_else(|| anyhow!("no verifier at agency {id}"))
	}

	/// Answers one request of the browser script.
	async fn handle(&self, request: &Value) -> Result<Value> {
		let what = request["what"].as_str().unwrap_or_default();
		match what {
			"setup" => Ok(
				json!({ "keys": self.keys, "home": HOME, "origins": self.origins, "misrouted": self.misrouted, "agencies": {
					"insurance": { "id": self.insurance.id, "name": self.insurance.name, "kind": "SocialInsuranceAgency" },
					"civil": { "id": self.civil.id, "name": self.civil.name, "kind": "CivilAffairsDepartment" },
					"county": { "id": self.county.id, "name": self.county.name, "kind": "CountyWelfareDepartment" },
					"institute": { "name": "Welfare Institute" },
				}}),
			),
			"id-number" => Ok(json!({
				"idNumber": chain::id_number(request["seed"].as_str().unwrap_or_default())
			})),
			"read-form" => self.read_form(request).await,
			"fund" => self.fund(request).await,
			other => bail!("unknown request {other}"),
		}
	}

	/// Reads the citizen's pending registration form as the agency would, with the Rust `age`
	/// (`safetynet-docs decrypt`) and the agency's key: what the browser encrypted, the agency's
	/// own tools read. (The officer's decision itself is taken in the workbench.)
	async fn read_form(&self, request: &Value) -> Result<Value> {
		let who = address(request)?;
		let agency = self.agency(request["agency"].as_u64().unwrap_or(u64::MAX))?;
		let network = &self.network;
		let at = network.api().at_block(chain::best_hash(&network.url(0)).await?).await?;
		let pending = at
			.storage()
			.entry(runtime::storage().registration().pending_requests())?
			.fetch((who,))
			.await
			.context("no pending registration request")?
			.decode()?;
		let form_cid =
			safetynet_docs::profile::parse_cid_bytes(&pending.form.form_cid.0 .0)?.to_string();
		let docs = KuboClient::new(&network.docs_api_url(0));
		let cipher = cat_within(&docs, &form_cid, Duration::from_secs(10)).await?;
		let sealed = self.dir.path().join("form.age");
		let plain = self.dir.path().join("form.json");
		std::fs::write(&sealed, &cipher)?;
		let out = std::process::Command::new(docs_binary()?)
			.arg("decrypt")
			.arg("-i")
			.arg(&agency.identity_file)
			.arg(&sealed)
			.arg(&plain)
			.output()?;
		ensure!(
			out.status.success(),
			"safetynet-docs could not decrypt the browser's form: {}",
			String::from_utf8_lossy(&out.stderr)
		);
		let form: Value = serde_json::from_slice(&std::fs::read(&plain)?)?;
		Ok(json!({ "name": form["name"], "idNumber": form["idNumber"] }))
	}

	/// Money on the citizen's account for their premiums (a transfer from the insurance agency's
	/// administrator, standing in for wages: on this chain only registered participants sign).
	async fn fund(&self, request: &Value) -> Result<Value> {
		let who = address(request)?;
		let call = runtime::transactions()
			.balances()
			.transfer_keep_alive(MultiAddress::Id(who), 100_000 * YUAN);
		self.network.submit(&call, &keypair(ADMINS[INSURANCE])).await?;
		Ok(json!({}))
	}
}

fn address(request: &Value) -> Result<AccountId32> {
	let text = request["address"].as_str().context("no address")?;
	AccountId32::from_str(text).map_err(|e| anyhow!("bad address {text}: {e}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn citizens_register_apply_follow_and_verify_in_the_browser() -> Result<()> {
	let portal_dir = repo_root().join("portal");
	ensure!(
		portal_dir.join("node_modules/playwright-core").exists(),
		"the portal's JavaScript is not installed: scripts/test.sh installs it (ensure_portal)"
	);
	let mut staff = Staff::start().await?;
	let network = &staff.network;
	// Behind the portal's proxy every browser reaches the gateway from 127.0.0.1, so its
	// per-address limit is raised as docs/deployment.md says (the per-account limit still holds).
	let gateway = Gateway::start(
		&network.url(0),
		&[
			"--per-address-rate",
			"200",
			"--per-address-burst",
			"1000",
			"--max-connections-per-address",
			"64",
		],
	)?;
	let custodians: Vec<(u32, String)> =
		(0..AGENCIES).map(|i| (i as u32, network.docs_gateway_url(i))).collect();
	let server = PortalServer::start_with_custodians(
		&gateway.ws_url(),
		&network.docs_api_url(0),
		&network.docs_gateway_url(0),
		&custodians,
	)?;
	// A portal whose web server (misconfigured, or hostile) sends agency 0's deposits to agency
	// 1's custodian: the case page must notice that the recipient is not agency 0's.
	let misrouted = PortalServer::start_with_custodians(
		&gateway.ws_url(),
		&network.docs_api_url(0),
		&network.docs_gateway_url(0),
		&[(INSURANCE as u32, network.docs_gateway_url(CIVIL))],
	)?;
	// The same build as each agency's workbench: /rpc is the agency's own node, and its document
	// node (the agency's custodian) is on the same origin.
	let workbenches = [INSURANCE, CIVIL, INSTITUTE]
		.map(|i| {
			PortalServer::start(
				&network.url(i),
				&network.docs_api_url(i),
				&network.docs_gateway_url(i),
			)
			.map(|server| (i, server))
		})
		.into_iter()
		.collect::<Result<std::collections::BTreeMap<_, _>>>()?;
	let origins: serde_json::Map<String, Value> = staff
		.posts
		.iter()
		.map(|(uri, node)| (uri.clone(), Value::from(workbenches[node].url())))
		.collect();
	staff.origins = Value::Object(origins);
	staff.misrouted = misrouted.url();

	let mut browser = tokio::process::Command::new("node")
		.arg(portal_dir.join("tests/browser.mjs"))
		.arg(server.url())
		.arg(workbenches[&INSURANCE].url())
		.stdin(Stdio::piped())
		.stdout(Stdio::piped())
		.stderr(Stdio::inherit())
		.kill_on_drop(true)
		.spawn()
		.context("starting node portal/tests/browser.mjs")?;
	let mut to_browser = browser.stdin.take().context("stdin")?;
	let mut lines = BufReader::new(browser.stdout.take().context("stdout")?).lines();
	let mut finished = false;
	let run = async {
		while let Some(line) = lines.next_line().await? {
			let Some(rest) = line.strip_prefix("NEED ") else {
				eprintln!("[browser] {line}");
				finished |= line.starts_with("ok: ");
				continue;
			};
			let (n, body) = rest.split_once(' ').context("a malformed request")?;
			let request: Value = serde_json::from_str(body)?;
			let answer = match staff.handle(&request).await {
				Ok(value) => format!("OK {n} {value}\n"),
				Err(e) => {
					eprintln!("[staff] {request} failed: {e:#}");
					format!("ERR {n} {}\n", format!("{e:#}").replace('\n', " "))
				},
			};
			to_browser.write_all(answer.as_bytes()).await?;
		}
		anyhow::Ok(())
	};
	tokio::time::timeout(Duration::from_secs(1500), run)
		.await
		.map_err(|_| anyhow!("the browser test did not finish within 25 minutes"))??;
	let status = browser.wait().await?;
	ensure!(
		status.success() && finished,
		"the browser test failed ({status}); gateway log:\n{}\nportal server log:\n{}",
		gateway.log_text(),
		server.log_text()
	);
	Ok(())
}
