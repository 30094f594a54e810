//! The bounded version of `scripts/load-applications.sh`: the load generator, run on a
//! development node with 200 citizens, must get every application and every transfer into
//! finalized blocks and report them. (The full measurement, with thousands of citizens on both
//! networks, is the script's, into `docs/performance.md`.)

use anyhow::{ensure, Result};
use std::time::Duration;

const CITIZENS: usize = 200;

#[tokio::test(flavor = "multi_thread")]
async fn the_load_generator_counts_every_application_and_transfer() -> Result<()> {
	let run = tokio::process::Command::new(env!("CARGO_BIN_EXE_load_applications"))
		.args(["--citizens", &CITIZENS.to_string(), "--network", "dev"])
		.kill_on_drop(true)
		.output();
	let out = tokio::time::timeout(Duration::from_secs(600), run).await??;
	let (stdout, stderr) =
		(String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
	ensure!(out.status.success(), "the load generator failed:\n{stderr}");
	// Each phase's row: sent, accepted and included are all the citizens.
	for load in ["insurance applications", "balance transfers"] {
		let row = stdout
			.lines()
			.find(|l| l.starts_with(&format!("| dev | {load} |")))
			.ok_or_else(|| anyhow::anyhow!("no row for {load}:\n{stdout}"))?;
		let cells: Vec<&str> = row.split('|').map(str::trim).collect();
		let n = CITIZENS.to_string();
		ensure!(
			cells[3] == n && cells[4] == n && cells[6] == n,
			"{load}: not every transaction was accepted and included: {row}"
		);
		ensure!(cells[11].contains(" ms / "), "{load}: no block-building figures: {row}");
	}
	ensure!(
		stdout.contains(&format!("Cases opened by the applications: {CITIZENS}.")),
		"not every application opened a case:\n{stdout}"
	);
	Ok(())
}
