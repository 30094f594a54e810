//! End to end: the notifier service (`portal/notifier`, run with Node.js) follows a development
//! chain's finalized blocks and e-mails a citizen who opted in through a real SMTP server started
//! here (`portal/tests/smtp-sink.mjs`, npm `smtp-server`): her case's approval and every premium
//! withheld, across a restart of the notifier during which a premium falls due, each notice
//! exactly once. Its files hold no address in clear; an opted-in account with no case gets no
//! mail.

use anyhow::{anyhow, ensure, Context, Result};
use safetynet_e2e::{
	chain::{account, cid, keypair},
	node::{free_port, terminate, wait_or_kill, TempDir},
	repo_root,
	runtime::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec, pallet_insurance::types::InsuranceForm,
			safetynet_primitives::roles::Role, sp_arithmetic::per_things::Permill,
		},
	},
	setup::Dev,
};
use serde_json::Value;
use std::{
	collections::HashSet,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};
use subxt::utils::H256;

const EVE_MAIL: &str = "eve@example.test";

fn portal() -> PathBuf {
	repo_root().join("portal")
}

/// A Node.js process of the portal's, stopped (SIGTERM) when dropped.
struct Process {
	child: Child,
	/// Stopped already (by [`Process::stop`]).
	stopped: bool,
}

impl Process {
	fn spawn(args: &[&str], log: &Path) -> Result<Process> {
		let child = Command::new("node")
			.args(args)
			.stdout(std::fs::File::create(log.with_extension("out"))?)
			.stderr(std::fs::File::create(log)?)
			.spawn()
			.context("starting node (Node.js)")?;
		Ok(Process { child, stopped: false })
	}

	fn stop(&mut self) -> Result<()> {
		self.stopped = true;
		terminate(self.child.id());
		let status = wait_or_kill(&mut self.child, Duration::from_secs(20))
			.ok_or_else(|| anyhow!("did not stop on SIGTERM"))?;
		ensure!(status.success(), "stopped with {status}");
		Ok(())
	}
}

impl Drop for Process {
	fn drop(&mut self) {
		if !self.stopped {
			terminate(self.child.id());
			wait_or_kill(&mut self.child, Duration::from_secs(10));
		}
	}
}

/// Runs one notifier command to completion.
fn notifier(args: &[&str]) -> Result<String> {
	let script = portal().join("dist-notifier/notifier.mjs");
	let out = Command::new("node").arg(&script).args(args).stdin(Stdio::null()).output()?;
	ensure!(out.status.success(), "notifier {args:?}: {}", String::from_utf8_lossy(&out.stderr));
	Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The mails the SMTP server has received.
fn mails(file: &Path) -> Vec<Value> {
	std::fs::read_to_string(file)
		.unwrap_or_default()
		.lines()
		.filter_map(|l| serde_json::from_str(l).ok())
		.collect()
}

/// Waits until `count` received mails satisfy `matching`.
fn wait_for_mails(
	file: &Path,
	count: usize,
	matching: impl Fn(&Value) -> bool,
	log: &Path,
) -> Result<()> {
	let deadline = Instant::now() + Duration::from_secs(180);
	while mails(file).iter().filter(|m| matching(m)).count() < count {
		ensure!(
			Instant::now() < deadline,
			"fewer than {count} such mails after 180 s: {:#?}\nnotifier log:\n{}",
			mails(file),
			std::fs::read_to_string(log).unwrap_or_default()
		);
		std::thread::sleep(Duration::from_millis(500));
	}
	Ok(())
}

fn is_premium(mail: &Value) -> bool {
	mail["subject"].as_str().is_some_and(|s| s.contains("premium"))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_notifier_mails_every_status_change_and_payment_once_across_a_restart() -> Result<()> {
	ensure!(
		portal().join("dist-notifier/notifier.mjs").exists(),
		"the notifier is not built: scripts/test.sh builds it (ensure_portal)"
	);
	let dir = TempDir::new("notifier")?;
	let dev = Dev::start().await?;
	let officer = dev
		.add_staff(&dev.alice, Role::SocialInsuranceOfficer, "insurance-officer")
		.await?;
	let eve = keypair("//Eve");
	let ferdie = keypair("//Ferdie");
	dev.register_citizen(&eve, Role::InsuredEmployee, 0, b"eve's photo", &officer)
		.await?;

	// A real SMTP server.
	let smtp_port = free_port()?;
	let inbox = dir.path().join("inbox.jsonl");
	let _smtp = Process::spawn(
		&[
			&portal().join("tests/smtp-sink.mjs").display().to_string(),
			&smtp_port.to_string(),
			&inbox.display().to_string(),
		],
		&dir.path().join("smtp.log"),
	)?;

	// The agency's notifier: its key apart from its data, two citizens opted in.
	let key = dir.path().join("notifier.key").display().to_string();
	let data = dir.path().join("data");
	let data_arg = data.display().to_string();
	notifier(&["keygen", "--key-file", &key])?;
	for (who, mail) in [(&eve, EVE_MAIL), (&ferdie, "ferdie@example.test")] {
		let address = account(who).to_string();
		notifier(&[
			"subscribe",
			"--key-file",
			&key,
			"--data-dir",
			&data_arg,
			"--account",
			&address,
			"--email",
			mail,
			"--lang",
			"en",
		])?;
	}
	let log = dir.path().join("notifier.log");
	let smtp = format!("smtp://127.0.0.1:{smtp_port}");
	let run_args = [
		portal().join("dist-notifier/notifier.mjs").display().to_string(),
		"run".into(),
		"--key-file".into(),
		key.clone(),
		"--data-dir".into(),
		data_arg.clone(),
		"--node".into(),
		dev.node.ws_url(),
		"--smtp".into(),
		smtp,
	];
	let args: Vec<&str> = run_args.iter().map(String::as_str).collect();
	let mut running = Process::spawn(&args, &log)?;
	// The notifier starts at the finalized block it first sees: wait until it has one.
	let deadline = Instant::now() + Duration::from_secs(60);
	while !std::fs::read_to_string(&log)
		.unwrap_or_default()
		.contains("starting at finalized")
	{
		ensure!(
			Instant::now() < deadline,
			"the notifier did not start: {}",
			std::fs::read_to_string(&log)?
		);
		std::thread::sleep(Duration::from_millis(200));
	}

	// Eve joins social insurance: approved at once, the first premium withheld.
	let form = InsuranceForm {
		agency: 0,
		form_cid: Some(cid(b"insurance form")),
		photo_cid: Some(cid(b"eve's photo")),
		bank_account_ref: H256([7; 32]),
		monthly_income: 800_000,
		payment_ratio: Permill(80_000),
		documents: BoundedVec(vec![]),
		salt: [5; 32],
	};
	let (events, _) = dev.submit(&runtime::transactions().insurance().apply(form), &eve).await?;
	let case = events
		.find_first::<runtime::insurance::events::InsuranceApproved>()
		.ok_or_else(|| anyhow!("not approved"))??
		.case;
	let approved = format!("Case {case}: approved");
	wait_for_mails(&inbox, 1, |m| m["subject"] == approved.as_str(), &log)?;
	wait_for_mails(&inbox, 1, is_premium, &log)?;

	// At rest, nothing of the addresses or notices is readable.
	for file in std::fs::read_dir(&data)? {
		let bytes = std::fs::read(file?.path())?;
		let text = String::from_utf8_lossy(&bytes);
		ensure!(
			!text.contains("example.test") && !text.contains("Case "),
			"a file in clear: {text}"
		);
	}

	// The notifier stops; a premium falls due meanwhile; it comes back and catches up.
	running.stop()?;
	let best = dev.api.at_current_block().await?.block_number();
	dev.wait_for_block(best + 25).await?;
	let mut running = Process::spawn(&args, &dir.path().join("notifier-2.log"))?;
	wait_for_mails(&inbox, 2, is_premium, &dir.path().join("notifier-2.log"))?;
	// Let it handle a few more blocks, then stop it and compare with the chain.
	tokio::time::sleep(Duration::from_secs(6)).await;
	running.stop()?;

	let received = mails(&inbox);
	let ids: HashSet<_> = received.iter().map(|m| m["messageId"].to_string()).collect();
	ensure!(ids.len() == received.len(), "a notice was delivered twice: {received:#?}");
	ensure!(
		received.iter().all(|m| m["to"][0] == EVE_MAIL),
		"mail to someone without a case: {received:#?}"
	);
	// Every premium the chain recorded up to the last block the mails mention was mailed.
	let last_block = received
		.iter()
		.filter_map(|m| m["notice"].as_str()?.split('-').next()?.parse::<u32>().ok())
		.max()
		.context("no block in the mails")?;
	let at = dev.api.at_current_block().await?;
	let schedule = at
		.storage()
		.entry(runtime::storage().payments().schedule_of())?
		.fetch((case,))
		.await?
		.decode()?;
	let mut recorded = 0;
	for seq in 0..=32u32 {
		let record = at
			.storage()
			.entry(runtime::storage().payments().records())?
			.try_fetch((schedule, seq))
			.await?;
		if let Some(record) = record {
			if record.decode()?.at <= last_block {
				recorded += 1;
			}
		}
	}
	let premiums = received.iter().filter(|m| is_premium(m)).count();
	ensure!(recorded >= 2, "fewer than two premiums on chain up to block {last_block}");
	ensure!(
		premiums == recorded,
		"{premiums} premium mails for {recorded} premiums recorded up to block {last_block}: {received:#?}"
	);
	Ok(())
}
