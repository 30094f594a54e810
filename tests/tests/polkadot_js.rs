//! End to end with the other client family: `@polkadot/api` 16.5.6, with no custom types or
//! signed-extension options, signs and submits calls (from token-less accounts too), reads
//! storage and calls the `CasesApi` runtime API against a real development node.
//! `scripts/test.sh` installs the package (`tests/js`).

use anyhow::{ensure, Context, Result};
use safetynet_e2e::{node::Node, repo_root};
use std::process::Command;

#[test]
fn polkadot_js_works_without_custom_configuration() -> Result<()> {
	let js = repo_root().join("tests/js");
	ensure!(
		js.join("node_modules/@polkadot/api").exists(),
		"@polkadot/api is not installed: run `npm ci --prefix tests/js` (scripts/test.sh does)"
	);
	let node = Node::dev()?;
	let output = Command::new("node")
		.arg(js.join("polkadotjs-check.mjs"))
		.arg(node.ws_url())
		.output()
		.context("running node (Node.js)")?;
	let stdout = String::from_utf8_lossy(&output.stdout);
	let stderr = String::from_utf8_lossy(&output.stderr);
	ensure!(output.status.success(), "the Polkadot.js check failed:\n{stdout}\n{stderr}");
	ensure!(stdout.contains("ok: @polkadot/api"), "unexpected output:\n{stdout}");
	Ok(())
}
