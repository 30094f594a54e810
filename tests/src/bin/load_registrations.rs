//! Load generator: submits N citizens' registration requests as fast as the node accepts them and
//! reports accepted/s, included/s and time to finality.
//!
//! Every request comes from a brand-new account (no tokens, never seen before), exactly what the
//! admission rule has to cope with when a flood of new citizens arrives. Requests are signed
//! ahead of time with the proof of work each will need ([`safetynet_e2e::flood`]), then sent
//! with plain `author_submitExtrinsic`, many in flight at once, while the best and finalized
//! chains are followed to see where each lands.
//!
//! Usage: `load_registrations --url ws://127.0.0.1:9944 --count 2000 [--agency 0]
//!         [--in-flight 64] [--report docs/performance.md]`

use anyhow::{bail, Context, Result};
use futures::{stream, StreamExt};
use safetynet_e2e::{chain, flood, runtime::registration::events::RegistrationRequested};
use std::{
	collections::BTreeMap,
	sync::{Arc, Mutex},
	time::{Duration, Instant},
};

struct Args {
	url: String,
	count: usize,
	agency: u32,
	in_flight: usize,
	report: Option<String>,
}

fn parse_args() -> Result<Args> {
	let mut args = Args {
		url: "ws://127.0.0.1:9944".into(),
		count: 1000,
		agency: 0,
		in_flight: 64,
		report: None,
	};
	let mut it = std::env::args().skip(1);
	while let Some(flag) = it.next() {
		let value = it.next().with_context(|| format!("{flag} needs a value"))?;
		match flag.as_str() {
			"--url" => args.url = value,
			"--count" => args.count = value.parse()?,
			"--agency" => args.agency = value.parse()?,
			"--in-flight" => args.in_flight = value.parse()?,
			"--report" => args.report = Some(value),
			other => bail!("unknown flag {other}"),
		}
	}
	Ok(args)
}

/// What happened to the requests, as seen from the chain.
#[derive(Default)]
struct Landing {
	/// Block number -> (requests in it, when it was first seen as best).
	included: BTreeMap<u64, (usize, Instant)>,
	/// Block number -> when it was seen finalized.
	finalized: BTreeMap<u64, Instant>,
}

#[tokio::main]
async fn main() -> Result<()> {
	let args = parse_args()?;
	let api = chain::connect(&args.url).await?;
	eprintln!("preparing {} registration requests from fresh accounts...", args.count);
	let run_tag: u64 =
		std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_nanos() as u64;
	let requests = flood::prepare(&api, args.count, args.agency, run_tag, 0).await?;
	eprintln!("their work took {:.1} s", requests.work_time.as_secs_f64());
	let signed = requests.encoded;

	// Follow the chain while submitting.
	let landing = Arc::new(Mutex::new(Landing::default()));
	let watcher_best = {
		let (api, landing) = (api.clone(), landing.clone());
		tokio::spawn(async move {
			let mut blocks = api.stream_best_blocks().await?;
			while let Some(block) = blocks.next().await {
				let block = block?;
				let events = block.at().await?.events().fetch().await?;
				let n = events.find::<RegistrationRequested>().count();
				if n > 0 {
					landing
						.lock()
						.expect("not poisoned")
						.included
						.entry(block.number())
						.or_insert((n, Instant::now()));
				}
			}
			Ok::<_, anyhow::Error>(())
		})
	};
	let watcher_final = {
		let (api, landing) = (api.clone(), landing.clone());
		tokio::spawn(async move {
			let mut blocks = api.stream_blocks().await?;
			while let Some(block) = blocks.next().await {
				let block = block?;
				landing
					.lock()
					.expect("not poisoned")
					.finalized
					.insert(block.number(), Instant::now());
			}
			Ok::<_, anyhow::Error>(())
		})
	};

	let rpc = subxt_rpcs::RpcClient::from_insecure_url(&args.url).await?;
	let started = Instant::now();
	let results: Vec<std::result::Result<(), String>> = stream::iter(signed)
		.map(|tx| {
			let rpc = rpc.clone();
			async move {
				rpc.request::<serde_json::Value>(
					"author_submitExtrinsic",
					subxt_rpcs::rpc_params![tx],
				)
				.await
				.map(|_| ())
				.map_err(|e| format!("{e:?}"))
			}
		})
		.buffer_unordered(args.in_flight)
		.collect()
		.await;
	let submit_time = started.elapsed();
	let accepted = results.iter().filter(|r| r.is_ok()).count();
	let mut refusals: BTreeMap<String, usize> = BTreeMap::new();
	for error in results.iter().filter_map(|r| r.as_ref().err()) {
		*refusals.entry(error.chars().take(160).collect()).or_default() += 1;
	}
	eprintln!(
		"submitted in {:.1} s: {accepted} accepted, {} refused",
		submit_time.as_secs_f64(),
		args.count - accepted
	);

	// Wait until every accepted request is in a block, and that block is final.
	let deadline = Instant::now() + Duration::from_secs(600);
	let (last_included, last_block) = loop {
		{
			let landing = landing.lock().expect("not poisoned");
			let included: usize = landing.included.values().map(|(n, _)| n).sum();
			if included >= accepted {
				if let Some((&number, &(_, at))) = landing.included.iter().next_back() {
					if landing.finalized.keys().next_back().is_some_and(|f| *f >= number) {
						break (at, number);
					}
				} else if accepted == 0 {
					bail!("nothing was accepted: {refusals:?}");
				}
			}
		}
		if Instant::now() > deadline {
			bail!("not all accepted requests were included and finalized within 10 minutes");
		}
		tokio::time::sleep(Duration::from_millis(200)).await;
	};
	watcher_best.abort();
	watcher_final.abort();

	let landing = landing.lock().expect("not poisoned");
	let included: usize = landing.included.values().map(|(n, _)| n).sum();
	let inclusion_time = last_included.duration_since(started);
	let finality_of = |number: u64| {
		landing
			.finalized
			.range(number..)
			.next()
			.map(|(_, at)| *at)
			.expect("the last block was finalized")
	};
	let mut lags: Vec<f64> = landing
		.included
		.iter()
		.map(|(number, (_, seen))| finality_of(*number).duration_since(*seen).as_secs_f64())
		.collect();
	lags.sort_by(|a, b| a.total_cmp(b));
	let time_to_final = finality_of(last_block).duration_since(started);
	let per_block_max = landing.included.values().map(|(n, _)| *n).max().unwrap_or(0);

	let report = format!(
		"| requests sent | accepted | refused | accepted/s | included/s | blocks used | most per block | \
		 time to finality (all) | block to finality p50 / max |\n\
		 |---|---|---|---|---|---|---|---|---|\n\
		 | {} | {} | {} | {:.0} | {:.1} | {} | {} | {:.1} s | {:.1} s / {:.1} s |\n",
		args.count,
		accepted,
		args.count - accepted,
		accepted as f64 / submit_time.as_secs_f64(),
		included as f64 / inclusion_time.as_secs_f64(),
		landing.included.len(),
		per_block_max,
		time_to_final.as_secs_f64(),
		lags[lags.len() / 2],
		lags[lags.len() - 1],
	);
	println!("{report}");
	if !refusals.is_empty() {
		println!("refusals: {refusals:?}");
	}
	if let Some(path) = args.report {
		safetynet_e2e::report::write_section(&path, "load-registrations", &report)?;
		eprintln!("wrote {path}");
	}
	Ok(())
}
