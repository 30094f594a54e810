//! End to end: the staff workbench's governance and administration in real Chromium, on the
//! four-agency `local` network, started on the previous release. Agency 0's workbench (the portal's
//! build, served by its web server with agency 0's node and document node on one origin) is driven
//! by `portal/tests/workbench.mjs`: the council changes the assistance line by a motion, proposed,
//! voted by three of the four administrators and closed, each in their own browser with their own
//! key file; the council authorises this build's runtime by its hash, and an administrator hands
//! the file in, which upgrades the chain; administrators register staff, their ID numbers hashed in
//! the browser; each member sees only their own pages. This file then reads the chain: the spec
//! version, the parameter, the validators and the staff are as the browser said.

use anyhow::{ensure, Context, Result};
use safetynet_e2e::{
	chain::{self, account, keypair},
	network::Consortium,
	portal::PortalServer,
	repo_root, runtime,
	runtime::runtime_types::safetynet_primitives::roles::Role,
};
use serde_json::json;
use std::{process::Stdio, time::Duration};

const NEW_ASSISTANCE_LINE: u128 = 88_888;
/// The previous release's chain spec, the network's starting point.
const OLDER_RELEASE: &str = "tests/fixtures/local-spec-version-1.json";

/// The spec version agency 0's node runs at its best block.
async fn spec_version(network: &Consortium) -> Result<u32> {
	let rpc = subxt_rpcs::RpcClient::from_insecure_url(network.url(0)).await?;
	let version: serde_json::Value =
		rpc.request("state_getRuntimeVersion", subxt_rpcs::rpc_params![]).await?;
	version["specVersion"].as_u64().map(|v| v as u32).context("no specVersion")
}

#[tokio::test(flavor = "multi_thread")]
async fn the_council_and_administrators_work_in_the_browser() -> Result<()> {
	let portal_dir = repo_root().join("portal");
	ensure!(
		portal_dir.join("node_modules/playwright-core").exists(),
		"the portal's JavaScript is not installed: scripts/test.sh installs it (ensure_portal)"
	);
	// The previous release: the council upgrades it in the browser.
	let network = Consortium::start_on(&repo_root().join(OLDER_RELEASE)).await?;
	ensure!(spec_version(&network).await? == 1, "the older release is not at spec version 1");
	let server = PortalServer::start(
		&network.url(0),
		&network.docs_api_url(0),
		&network.docs_gateway_url(0),
	)?;
	let (officer, reviewer, auditor) =
		(chain::fresh_uri("officer"), chain::fresh_uri("reviewer"), chain::fresh_uri("auditor"));
	// The runtime this build's node runs, as a council member would upload it for an upgrade;
	// and another one, whose hash the council did not authorise.
	let runtime_file = safetynet_e2e::node::node_binary()?
		.parent()
		.context("the node binary's directory")?
		.join("wbuild/safetynet-runtime/safetynet_runtime.compact.compressed.wasm");
	let code = std::fs::read(&runtime_file)
		.with_context(|| format!("no runtime at {}", runtime_file.display()))?;
	let other_runtime = safetynet_e2e::node::TempDir::new("other-runtime")?;
	let other_runtime_file = other_runtime.path().join("other.compact.compressed.wasm");
	std::fs::write(&other_runtime_file, [code.as_slice(), b"\0"].concat())?;
	let new_spec_version = safetynet_runtime::VERSION.spec_version;
	let setup = json!({
		"runtimeFile": runtime_file,
		"runtimeHash": format!("0x{}", chain::hex(&sp_crypto_hashing::blake2_256(&code))),
		"otherRuntimeFile": other_runtime_file,
		"newSpecVersion": new_spec_version,
		"identityKeyFile": repo_root().join("chain-specs/dev-keys/identity.key"),
		"newAssistanceLine": NEW_ASSISTANCE_LINE,
		"officer": officer,
		"officerId": chain::id_number("workbench officer"),
		"reviewer": reviewer,
		"reviewerId": chain::id_number("workbench reviewer"),
		"auditor": auditor,
		"auditorId": chain::id_number("workbench auditor"),
	});
	let browser = tokio::process::Command::new("node")
		.arg(portal_dir.join("tests/workbench.mjs"))
		.arg(server.url())
		.arg(setup.to_string())
		.stdin(Stdio::null())
		.stdout(Stdio::piped())
		.stderr(Stdio::inherit())
		.kill_on_drop(true)
		.spawn()
		.context("starting node portal/tests/workbench.mjs")?;
	let output = tokio::time::timeout(Duration::from_secs(900), browser.wait_with_output())
		.await
		.context("the browser test did not finish within 15 minutes")??;
	let stdout = String::from_utf8_lossy(&output.stdout);
	ensure!(
		output.status.success() && stdout.contains("ok: "),
		"the browser test failed ({}): {stdout}\nportal server log:\n{}",
		output.status,
		server.log_text()
	);

	// What the browser did is on chain: the upgrade first.
	ensure!(
		spec_version(&network).await? == new_spec_version,
		"the chain did not move to spec version {new_spec_version}"
	);
	let at = network.api().at_block(chain::best_hash(&network.url(0)).await?).await?;
	let params = at
		.storage()
		.entry(runtime::storage().assistance_parameters().parameters())?
		.fetch(())
		.await?
		.decode()?;
	ensure!(
		params.assistance_line == NEW_ASSISTANCE_LINE,
		"the assistance line is {}, not the council's {NEW_ASSISTANCE_LINE}",
		params.assistance_line
	);
	// Agency 2's validator was retired and admitted again: it is now last in the order.
	let validators = at
		.storage()
		.entry(runtime::storage().validators().validators())?
		.fetch(())
		.await?
		.decode()?;
	ensure!(
		validators.0 == vec![0, 1, 3, 2],
		"the validators are {:?}, not agency 2 retired and admitted again",
		validators.0
	);
	let staff = runtime::storage().registration().staff();
	for (uri, agency, role) in [
		(&officer, 1, Role::CivilAffairsOfficer),
		(&reviewer, 1, Role::DemocraticReviewMember),
		(&auditor, 3, Role::Auditor),
	] {
		let member = at
			.storage()
			.entry(staff.clone())?
			.fetch((account(&keypair(uri)),))
			.await
			.with_context(|| format!("{uri} is not staff"))?
			.decode()?;
		ensure!(member.agency == agency, "{uri} works for agency {}", member.agency);
		ensure!(member.roles.0 == vec![role.clone()], "{uri} holds {:?}", member.roles.0);
	}
	Ok(())
}
