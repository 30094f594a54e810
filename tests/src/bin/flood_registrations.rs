//! Measures a registration flood on the four-agency network: N requests from fresh accounts,
//! each with the proof of work the queue asks for, plus requests with no work, while a genuine
//! applicant files. Reports how long the genuine request took to reach a block, what the flood
//! cost its sender, and what a flood of 100 000 would cost at the measured hash rate, into
//! `docs/performance.md`.
//!
//! Usage: `flood_registrations [--count 5000] [--unpaid 1000] [--price BITS]
//! [--report docs/performance.md]` (run through `scripts/flood-registrations.sh`, which builds
//! first).
//!
//! `--price BITS` has the council fix the request cost at `BITS` zero bits (no growth with the
//! queue) before the flood, so that a flood of 100 000 can be prepared in seconds instead of the
//! hours its real price costs: what it then measures is the pool and the chain under that many
//! requests, not the work. It reports into a section of its own.

use anyhow::{bail, Context, Result};
use safetynet_e2e::{
	flood,
	network::Consortium,
	runtime::{self, runtime_types::pallet_registration::types::RequestCost},
};
use std::time::Duration;

/// The insurance agency of the `local` chain: the flood's requests are addressed to it.
const AGENCY: u32 = 0;

struct Args {
	count: usize,
	unpaid: usize,
	/// A fixed request cost in zero bits the council sets first, if any.
	price: Option<u8>,
	report: Option<String>,
}

fn parse_args() -> Result<Args> {
	let mut args = Args { count: 5_000, unpaid: 1_000, price: None, report: None };
	let mut it = std::env::args().skip(1);
	while let Some(flag) = it.next() {
		let value = it.next().with_context(|| format!("{flag} needs a value"))?;
		match flag.as_str() {
			"--count" => args.count = value.parse()?,
			"--unpaid" => args.unpaid = value.parse()?,
			"--price" => args.price = Some(value.parse()?),
			"--report" => args.report = Some(value),
			other => bail!("unknown flag {other}"),
		}
	}
	Ok(args)
}

#[tokio::main]
async fn main() -> Result<()> {
	let args = parse_args()?;
	eprintln!("starting the four-agency network...");
	let mut net = Consortium::start().await?;
	let result = measure(&net, &args).await;
	net.stop();
	let (report, cost) = result?;
	let table = format!("{}\n{}", flood::FloodReport::header(), report.row());
	println!("{table}\n{cost}");
	if let Some(path) = &args.report {
		let body = format!("Four-agency network.\n\n{table}\n\n{cost}\n");
		let section = match args.price {
			None => "flood-registrations",
			Some(_) => "flood-registrations-priced-down",
		};
		safetynet_e2e::report::write_section(path, section, &body)?;
		eprintln!("wrote {path}");
	}
	Ok(())
}

/// Runs the flood and prices a flood of 100 000 at the hash rate it showed.
async fn measure(net: &Consortium, args: &Args) -> Result<(flood::FloodReport, String)> {
	let api = net.api();
	let (real_cost, _) = flood::cost_and_pending(api).await?;
	if let Some(bits) = args.price {
		eprintln!("the council fixes the request cost at {bits} bits...");
		let cost = RequestCost { base_bits: bits, doubling_every: 0 };
		let call =
			runtime::Call::Registration(runtime::registration::Call::set_request_cost { cost });
		net.council(call).await.context("lowering the request cost")?;
		// The flood reads the cost from the latest finalized block: wait until it is there.
		let deadline = std::time::Instant::now() + Duration::from_secs(120);
		while flood::cost_and_pending(api).await?.0.base_bits != bits ||
			flood::cost_and_pending(api).await?.0.doubling_every != 0
		{
			if std::time::Instant::now() > deadline {
				bail!("the new request cost was not finalized within two minutes");
			}
			tokio::time::sleep(Duration::from_secs(1)).await;
		}
	}
	let (cost, pending) = flood::cost_and_pending(api).await?;
	let tag = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_nanos() as u64;
	let genuine = flood::prepare(api, 1, AGENCY, tag ^ 0xfeed, 4).await?;
	eprintln!("flooding with {} requests (and {} without work)...", args.count, args.unpaid);
	let report = flood::run(
		api,
		&net.url(0),
		args.count,
		args.unpaid,
		genuine.encoded[0].clone(),
		genuine.accounts[0],
		AGENCY,
		Duration::from_secs(1_800),
	)
	.await?;
	if let Some(bits) = args.price {
		let real = flood::expected_hashes(&real_cost, 0, args.count as u32);
		let line = format!(
			"For this run the council fixed the request cost at {bits} bits (no growth with the \
			 queue), so the flood's work took {:.1} s; at the chain's own price (`base_bits = {}`, \
			 `doubling_every = {}`) it would be {:.2e} hashes (see the hash rate measured above). \
			 What this run measures is the node's pool and the chain under {} requests sent as \
			 fast as the node takes them, and the genuine request's wait among them.",
			report.work_seconds, real_cost.base_bits, real_cost.doubling_every, real, args.count,
		);
		return Ok((report, line));
	}
	let hashes = flood::expected_hashes(&cost, pending, args.count as u32);
	let rate = hashes / report.work_seconds.max(1e-9);
	let big = flood::expected_hashes(&cost, 0, 100_000);
	let cost_line = format!(
		"Request cost `base_bits = {}`, `doubling_every = {}`. The flood's work came to about \
		 {:.2e} hashes in {:.1} s on {} cores: {:.2e} hashes/s. At that rate a flood of 100 000 \
		 requests needs {:.2e} hashes, **{:.1} hours** of this machine, and its last requests \
		 need {} bits each; a genuine applicant's request needs {} bits while 1 000 wait.",
		cost.base_bits,
		cost.doubling_every,
		hashes,
		report.work_seconds,
		std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
		rate,
		big,
		big / rate / 3_600.0,
		flood::required_bits(&cost, 99_999),
		flood::required_bits(&cost, 1_000),
	);
	Ok((report, cost_line))
}
