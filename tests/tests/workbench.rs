//! End to end: the staff workbench's governance and administration in real Chromium, on the
//! four-agency `local` network. Agency 0's workbench (the portal's build, served by its web
//! server with agency 0's node and document node on one origin) is driven by
//! `portal/tests/workbench.mjs`: the council changes the assistance line by a motion, proposed,
//! voted by three of the four administrators and closed, each in their own browser with their own
//! key file; administrators register staff, their ID numbers hashed in the browser; each member
//! sees only their own pages. This file then reads the chain: the parameter and the staff are
//! there as the browser said.

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

#[tokio::test(flavor = "multi_thread")]
async fn the_council_and_administrators_work_in_the_browser() -> Result<()> {
	let portal_dir = repo_root().join("portal");
	ensure!(
		portal_dir.join("node_modules/playwright-core").exists(),
		"the portal's JavaScript is not installed: scripts/test.sh installs it (ensure_portal)"
	);
	let network = Consortium::start().await?;
	let server = PortalServer::start(
		&network.url(0),
		&network.docs_api_url(0),
		&network.docs_gateway_url(0),
	)?;
	let (officer, reviewer, auditor) =
		(chain::fresh_uri("officer"), chain::fresh_uri("reviewer"), chain::fresh_uri("auditor"));
	// The runtime the node runs, as a council member would upload it for an upgrade.
	let runtime_file = safetynet_e2e::node::node_binary()?
		.parent()
		.context("the node binary's directory")?
		.join("wbuild/safetynet-runtime/safetynet_runtime.compact.compressed.wasm");
	ensure!(runtime_file.exists(), "no runtime at {}", runtime_file.display());
	let setup = json!({
		"runtimeFile": runtime_file,
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

	// What the browser did is on chain.
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
