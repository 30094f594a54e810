//! End to end: the citizen portal and the staff workbench in real Chromium (Debian's
//! `chromium`, driven by `playwright-core` from `portal/tests/browser.mjs`). The same build is
//! served twice by its web server (nginx): as the portal, with the citizen gateway and a document
//! node on one origin, and as the workbench, with the development node's own RPC and the same
//! document node (agency 0's custodian) on another.
//!
//! Four citizens each create an account in the browser, register (the form encrypted in the
//! browser to the agency; one request is first turned down and the citizen reads why), are
//! verified, apply for one of the four services, follow the case to
//! its first payment and check its sealed approval, a tampered copy rejected; the minimum living
//! guarantee in Chinese, with an objection during its public notice. Another citizen is refused a
//! case that is not theirs, and every page type passes an accessibility audit.
//!
//! Every staff step is taken in the workbench (the same build, on the node's own origin), each by
//! the member whose step it is, signed in with a key file made from the keys this file registers:
//! officers verify and turn down registrations (forms decrypted in the browser with the agency's
//! key, ID numbers hashed there); the insurance officer opens a citizen's document against an
//! access receipt (the custodian's Rust `age` wraps the case key, the browser unwraps it); the
//! assistance case is accepted, inspected, accounted and approved by the democratic review, then
//! suspended, resumed and ended; the welfare case is accepted, given a consultation team whose
//! doctors check the applicant's identity and conclude, and handled by the institute; the
//! minimum living case goes through its review, public notice and objection. Another agency's
//! officer is refused the case. This file answers the browser script's few requests on its stdin
//! (an ID number, money for premiums) and reads one registration form with `safetynet-docs
//! decrypt` (the Rust `age`), as the agency's own tools would.

use anyhow::{anyhow, bail, ensure, Context, Result};
use safetynet_docs::crypto;
use safetynet_e2e::{
	chain::{self, keypair},
	docs::{cat_within, docs_binary, register_custodian, DocNode},
	gateway::Gateway,
	portal::PortalServer,
	repo_root,
	runtime::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			safetynet_primitives::roles::{AgencyKind, Role},
		},
	},
	setup::{household_review, Dev, DISTRICT, HOME},
};
use serde_json::{json, Value};
use std::{path::PathBuf, process::Stdio, str::FromStr, time::Duration};
use subxt::utils::{AccountId32, MultiAddress};
use subxt_signer::sr25519::Keypair;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

const YUAN: u128 = 100;
const INSTITUTE: &str = "Chaoyang Welfare Institute";

/// An agency as the citizens meet it, and the key its registration forms are read with.
struct Agency {
	id: u32,
	name: String,
	/// The age identity the agency's registration forms are encrypted to, in a file.
	identity_file: PathBuf,
}

/// Everything the staff side needs.
struct Staff {
	dev: Dev,
	docs: DocNode,
	dir: tempfile::TempDir,
	insurance: Agency,
	county: Agency,
	civil: Agency,
	/// The secret URIs of the members who act in the workbench, for their key files.
	keys: Value,
}

/// Inserts the seal key `suri` into the node's keystore, as an operator would.
async fn insert_seal_key(dev: &Dev, suri: &str) -> Result<[u8; 32]> {
	let public = keypair(suri).public_key().0;
	let rpc = subxt_rpcs::RpcClient::from_insecure_url(dev.node.ws_url()).await?;
	let hex = format!("0x{}", chain::hex(&public));
	rpc.request::<Value>("author_insertKey", subxt_rpcs::rpc_params!["seal", suri, hex])
		.await?;
	Ok(public)
}

/// `admin` gives `agency` a seal key (in the node's keystore) and a fresh age identity, kept in
/// `dir`; returns the identity's file.
async fn agency_keys(
	dev: &Dev,
	admin: &Keypair,
	agency: u32,
	seal: &str,
	dir: &std::path::Path,
) -> Result<PathBuf> {
	let seal = insert_seal_key(dev, seal).await?;
	let (secret, recipient) = crypto::generate_identity();
	let call = runtime::transactions().documents().set_agency_keys(
		agency,
		seal,
		BoundedVec(recipient.into_bytes()),
	);
	dev.submit(&call, admin).await?;
	let file = dir.join(format!("agency-{agency}.age"));
	std::fs::write(&file, secret)?;
	Ok(file)
}

impl Staff {
	async fn start() -> Result<Staff> {
		let mut docs = DocNode::start("portal-docs", &[])?;
		let dev = Dev::start_with(&["--ipfs-api".into(), docs.api_url()]).await?;
		let dir = tempfile::tempdir()?;
		// Agency 0, the development social insurance agency: its document node behind the portal
		// is its key custodian, whose custody identity receives its registration forms.
		docs.restart_with(&["--chain".into(), dev.node.ws_url(), "--agency".into(), "0".into()])?;
		insert_seal_key(&dev, "//Alice//seal").await?;
		register_custodian(&dev, &dev.alice, 0, "//Alice//seal", &docs).await?;
		let insurance_officer = dev
			.add_staff_with_uri(&dev.alice, Role::SocialInsuranceOfficer, "insurance-officer")
			.await?;
		let insurance = Agency {
			id: 0,
			name: "Development Social Insurance Agency".into(),
			identity_file: docs.data_dir().join("custody/age.key"),
		};
		let review = household_review(&dev).await?;
		let civil = Agency {
			id: review.civil,
			name: "Chaoyang Civil Affairs Department".into(),
			identity_file: agency_keys(
				&dev,
				&review.civil_admin,
				review.civil,
				"//CivilSeal",
				dir.path(),
			)
			.await?,
		};
		let (county_id, county_admin) = dev
			.add_agency(
				AgencyKind::CountyWelfareDepartment,
				"Chaoyang County Welfare Department",
				DISTRICT,
			)
			.await?;
		let county_officer = dev
			.add_staff_with_uri(&county_admin, Role::CountyWelfareOfficer, "county-officer")
			.await?;
		let county = Agency {
			id: county_id,
			name: "Chaoyang County Welfare Department".into(),
			identity_file: agency_keys(&dev, &county_admin, county_id, "//CountySeal", dir.path())
				.await?,
		};
		let (institute, institute_admin) =
			dev.add_agency(AgencyKind::WelfareInstitute, INSTITUTE, DISTRICT).await?;
		agency_keys(&dev, &institute_admin, institute, "//InstituteSeal", dir.path()).await?;
		let institute_officer = dev
			.add_staff_with_uri(&institute_admin, Role::WelfareInstituteOfficer, "welfare-officer")
			.await?;
		let (_, hospital_admin) =
			dev.add_agency(AgencyKind::Hospital, "Chaoyang Hospital", DISTRICT).await?;
		let mut doctors = Vec::new();
		for i in 0..3 {
			doctors.push(
				dev.add_staff_with_uri(
					&hospital_admin,
					Role::ConsultationDoctor,
					&format!("doctor{i}"),
				)
				.await?
				.1,
			);
		}
		let reviewers: Vec<&String> = ["reviewer0", "reviewer1", "reviewer2"]
			.iter()
			.map(|r| &review.uris[r])
			.collect();
		let keys = json!({
			"insuranceOfficer": insurance_officer.1,
			"insuranceKeyFile": insurance.identity_file,
			"countyOfficer": county_officer.1,
			"countyKeyFile": county.identity_file,
			"instituteOfficer": institute_officer.1,
			"doctors": doctors,
			"civilOfficer": review.uris["civil-officer"],
			"inspector": review.uris["inspector"],
			"accountant": review.uris["accountant"],
			"reviewers": reviewers,
			"civilKeyFile": civil.identity_file,
			"identityKeyFile": safetynet_e2e::repo_root().join("chain-specs/dev-keys/identity.key"),
		});
		Ok(Staff { keys, dev, docs, dir, insurance, county, civil })
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
			"setup" => Ok(json!({ "keys": self.keys, "home": HOME, "agencies": {
				"insurance": { "id": self.insurance.id, "name": self.insurance.name, "kind": "SocialInsuranceAgency" },
				"civil": { "id": self.civil.id, "name": self.civil.name, "kind": "CivilAffairsDepartment" },
				"county": { "id": self.county.id, "name": self.county.name, "kind": "CountyWelfareDepartment" },
				"institute": { "name": INSTITUTE },
			}})),
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
		let at = self.dev.api.at_block(chain::best_hash(&self.dev.node.ws_url()).await?).await?;
		let pending = at
			.storage()
			.entry(runtime::storage().registration().pending_requests())?
			.fetch((who,))
			.await
			.context("no pending registration request")?
			.decode()?;
		let form_cid =
			safetynet_docs::profile::parse_cid_bytes(&pending.form.form_cid.0 .0)?.to_string();
		let cipher = cat_within(&self.docs.client(), &form_cid, Duration::from_secs(10)).await?;
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

	/// Money on the citizen's account for their premiums (governance, standing in for wages).
	async fn fund(&self, request: &Value) -> Result<Value> {
		let who = address(request)?;
		let call = runtime::Call::Balances(runtime::balances::Call::force_set_balance {
			who: MultiAddress::Id(who),
			new_free: 100_000 * YUAN,
		});
		self.dev.govern(call).await?;
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
	let staff = Staff::start().await?;
	// Behind the portal's proxy every browser reaches the gateway from 127.0.0.1, so its
	// per-address limit is raised as docs/deployment.md says (the per-account limit still holds).
	let gateway = Gateway::start(
		&staff.dev.node.ws_url(),
		&[
			"--per-address-rate",
			"200",
			"--per-address-burst",
			"1000",
			"--max-connections-per-address",
			"64",
		],
	)?;
	let server =
		PortalServer::start(&gateway.ws_url(), &staff.docs.api_url(), &staff.docs.gateway_url())?;
	// The same build as the agency's workbench: /rpc is the node itself, and the document node
	// (agency 0's custodian) is on the same origin.
	let workbench = PortalServer::start(
		&staff.dev.node.ws_url(),
		&staff.docs.api_url(),
		&staff.docs.gateway_url(),
	)?;

	let mut browser = tokio::process::Command::new("node")
		.arg(portal_dir.join("tests/browser.mjs"))
		.arg(server.url())
		.arg(workbench.url())
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
	tokio::time::timeout(Duration::from_secs(1200), run)
		.await
		.map_err(|_| anyhow!("the browser test did not finish within 20 minutes"))??;
	let status = browser.wait().await?;
	ensure!(
		status.success() && finished,
		"the browser test failed ({status}); gateway log:\n{}\nportal server log:\n{}",
		gateway.log_text(),
		server.log_text()
	);
	Ok(())
}
