//! How the workbench's work queue behaves with many open cases (`scripts/load-queue.sh N`).
//!
//! Starts a development node, a document node and the workbench's web server; registers N
//! citizens at the civil affairs department (registration requests from fresh accounts, each
//! verified by the department's officer), has each file an application for social assistance
//! (all N then wait for the officer's acceptance), and measures:
//! - the runtime API call the queue page makes (`CasesApi_queue`), over RPC;
//! - in real Chromium (`portal/tests/queue-time.mjs`), the officer's time to the first row after
//!   signing in, after coming back to the queue, after a search, and to the next page.
//!
//! With `--report F` the results are written into F's `load-queue` section.

use anyhow::{bail, ensure, Context, Result};
use safetynet_e2e::{
	chain::{self, cid},
	docs::DocNode,
	load,
	portal::PortalServer,
	repo_root, report,
	runtime::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			pallet_assistance::types::{AidForm, EmploymentStatus},
			pallet_registration::types::RequestCost,
			safetynet_primitives::roles::{ParticipantClass, Role},
		},
	},
	setup::{household_review, Dev, HOME},
};
use std::time::{Duration, Instant};

struct Args {
	count: usize,
	report: Option<String>,
}

fn parse_args() -> Result<Args> {
	let mut args = Args { count: 10_000, report: None };
	let mut it = std::env::args().skip(1);
	while let Some(flag) = it.next() {
		let value = it.next().with_context(|| format!("{flag} needs a value"))?;
		match flag.as_str() {
			"--count" => args.count = value.parse()?,
			"--report" => args.report = Some(value),
			other => bail!("unknown flag {other}"),
		}
	}
	Ok(args)
}

#[tokio::main]
async fn main() -> Result<()> {
	let args = parse_args()?;
	let portal_dir = repo_root().join("portal");
	ensure!(
		portal_dir.join("node_modules/playwright-core").exists(),
		"the portal's JavaScript is not installed: scripts/test.sh installs it (ensure_portal)"
	);
	let docs = DocNode::start("queue-docs", &[])?;
	let dev = Dev::start_with(&[
		"--pool-limit".into(),
		"40000".into(),
		"--pool-kbytes".into(),
		"204800".into(),
		"--rpc-max-connections".into(),
		"1000".into(),
	])
	.await?;
	let review = household_review(&dev).await?;
	// Registration work is not what this measures: the request cost is fixed at no work.
	let cost = RequestCost { base_bits: 0, doubling_every: 0 };
	let call = runtime::Call::Registration(runtime::registration::Call::set_request_cost { cost });
	dev.govern(call).await?;
	// One officer verifies them all: more than a staff member's hourly quota.
	let call = runtime::Call::Registration(runtime::registration::Call::set_quota {
		class: ParticipantClass::Staff,
		quota: None,
	});
	dev.govern(call).await?;

	let started = Instant::now();
	let tag = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_nanos() as u64;
	let requests = load::register_citizens(
		&dev.api,
		&dev.node.ws_url(),
		args.count,
		review.civil,
		Role::AidApplicant,
		&review.officer,
		HOME,
		tag,
	)
	.await?;

	// Each citizen applies once (their first signed call after the request: nonce 1).
	let form = |i: usize| AidForm {
		agency: review.civil,
		family_info_cid: Some(cid(format!("family {tag} {i}").as_bytes())),
		household: BoundedVec(Vec::new()),
		monthly_income: 30_000,
		property_value: 1_000_000,
		employment: EmploymentStatus::Unemployed,
		documents: BoundedVec(vec![cid(format!("income {tag} {i}").as_bytes())]),
		salt: sp_crypto_hashing::blake2_256(format!("salt {tag} {i}").as_bytes()),
	};
	let applications: Vec<_> = (0..args.count)
		.map(|i| runtime::transactions().assistance().apply(form(i)))
		.collect();
	let nonce = load::next_nonce(&dev.node.ws_url(), &requests.accounts[0]).await?;
	let signed =
		load::sign_all(&dev.api, applications.iter().zip(requests.keys.iter()), |_| nonce).await?;
	load::send_all(&dev.node.ws_url(), signed, "applications").await?;
	load::wait_until("the cases at acceptance", args.count, async || {
		Ok(queue(&dev, review.civil).await?.0)
	})
	.await?;
	let setup_time = started.elapsed();

	// The runtime API call behind the queue, five times.
	let mut api_ms = Vec::new();
	for _ in 0..5 {
		let begun = Instant::now();
		let (n, bytes) = queue(&dev, review.civil).await?;
		api_ms.push((begun.elapsed().as_millis(), n, bytes));
	}
	eprintln!("CasesApi_queue: {api_ms:?}");

	// The officer in the workbench.
	let server = PortalServer::start(&dev.node.ws_url(), &docs.api_url(), &docs.gateway_url())?;
	let out = tokio::process::Command::new("node")
		.arg(portal_dir.join("tests/queue-time.mjs"))
		.arg(server.url())
		.arg(&review.uris["civil-officer"])
		.arg(args.count.to_string())
		.output();
	let out = tokio::time::timeout(Duration::from_secs(900), out)
		.await
		.context("the browser did not finish within 15 minutes")??;
	ensure!(
		out.status.success(),
		"the browser measurement failed: {}\n{}",
		String::from_utf8_lossy(&out.stderr),
		server.log_text()
	);
	let browser: serde_json::Value = serde_json::from_slice(&out.stdout)
		.with_context(|| format!("not JSON: {}", String::from_utf8_lossy(&out.stdout)))?;
	eprintln!("browser: {browser}");

	let median = {
		let mut ms: Vec<u128> = api_ms.iter().map(|(ms, _, _)| *ms).collect();
		ms.sort();
		ms[ms.len() / 2]
	};
	let field = |name: &str| browser[name].as_u64().map(|v| v.to_string()).unwrap_or("—".into());
	let body = format!(
		"| open cases in the queue | queue call over RPC (median of 5) | its answer | first row after sign-in | of which the queue page | back to the queue | search by case id | next page | set-up time |\n\
		 |---|---|---|---|---|---|---|---|---|\n\
		 | {} | {median} ms | {:.1} MB | {} ms | {} ms | {} ms | {} ms | {} ms | {:.0} s |\n",
		api_ms[0].1,
		api_ms[0].2 as f64 / 1e6,
		field("signInToFirstRowMs"),
		field("pageFirstRowMs"),
		field("backToFirstRowMs"),
		field("searchMs"),
		field("nextPageMs"),
		setup_time.as_secs_f64(),
	);
	println!("{body}");
	if let Some(path) = &args.report {
		report::write_section(path, "load-queue", &body)?;
	}
	Ok(())
}

/// The civil affairs officers' queue at `agency` at the best block, as the workbench asks for
/// it (`state_call` of `CasesApi_queue`): its length and the answer's size in bytes.
async fn queue(dev: &Dev, agency: u32) -> Result<(usize, usize)> {
	use codec::{Decode, Encode};
	let rpc = subxt_rpcs::RpcClient::from_insecure_url(dev.node.ws_url()).await?;
	let args = (safetynet_primitives::roles::Role::CivilAffairsOfficer, Some(agency)).encode();
	let answer: String = rpc
		.request(
			"state_call",
			subxt_rpcs::rpc_params!["CasesApi_queue", format!("0x{}", chain::hex(&args))],
		)
		.await?;
	let bytes = safetynet_docs::chain::decode_hex(&answer)?;
	let len = codec::Compact::<u32>::decode(&mut &bytes[..])?.0 as usize;
	Ok((len, bytes.len()))
}
