//! How many applications per second the chain takes (`scripts/load-applications.sh`).
//!
//! Starts a development node (`--network dev`) or the four-agency network (`--network local`),
//! registers N citizens as insured employees at the social insurance agency (registration
//! requests verified by the agency's officer), funds each with a premium's worth from the
//! well-known accounts, and then, in two phases from the same accounts:
//! 1. each citizen applies for social insurance once (approved on the spot, the first premium
//!    collected): the chain's heaviest automatic decision;
//! 2. each citizen transfers one yuan to the next: the plainest signed transaction, the yardstick.
//!
//! Every transaction is signed before its phase starts and sent with plain
//! `author_submitExtrinsic`, spread over every node's RPC. For each phase it reports what the pools
//! accepted per second, what finalized blocks included per second (by the chain's own
//! timestamps), and how far finality trailed the best block meanwhile; then the ratio of
//! applications to transfers. With `--report F` the table goes into F's
//! `load-applications-<network>` section.

use anyhow::{bail, ensure, Context, Result};
use safetynet_e2e::{
	chain::{self, account, cid, keypair, Client},
	load::{self, BlockReader, LagWatch},
	network::Consortium,
	runtime::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			pallet_insurance::types::InsuranceForm,
			pallet_registration::types::RequestCost,
			safetynet_primitives::roles::{AgencyKind, ParticipantClass, Role},
			sp_arithmetic::per_things::Permill,
		},
	},
	setup::{self, Dev, DISTRICT, HOME},
};
use std::time::Duration;
use subxt::utils::H256;
use subxt_signer::sr25519::Keypair;

const YUAN: u128 = 100;
/// The social insurance agency, on both chains.
const AGENCY: u32 = 0;
/// Each applicant's declared income: the lowest contribution base, so the premium (8 %) is
/// the smallest one, 160 yuan.
const INCOME: u128 = 2_000 * YUAN;
/// What each citizen is given: the first premium, the yuan of the transfer phase, and change.
const FUNDING: u128 = 170 * YUAN;
/// What a well-known account may give away of its 1 000 000 yuan endowment.
const PER_FUNDER: u128 = 990_000 * YUAN;
/// Extrinsics in flight at once during a measured phase.
const IN_FLIGHT: usize = 512;
/// How long a phase waits for the next included transaction before it gives up on the rest.
const PATIENCE: Duration = Duration::from_secs(60);

#[derive(Clone, Copy, PartialEq)]
enum Network {
	Dev,
	Local,
}

struct Args {
	citizens: usize,
	network: Network,
	report: Option<String>,
	/// The authors' share of each slot (`--block-proposal-share`), if not the node's default.
	proposal_share: Option<u8>,
	/// Further arguments for every node (`--node-arg`, once per argument): an executor or pool
	/// setting to measure against the defaults.
	node_args: Vec<String>,
}

impl Args {
	/// Whether the run measures settings of its own (a share or node arguments) rather than the
	/// nodes' defaults: such a run does not replace the defaults' table.
	fn tuned(&self) -> bool {
		self.proposal_share.is_some() || !self.node_args.is_empty()
	}
}

fn parse_args() -> Result<Args> {
	let mut args = Args {
		citizens: 6_000,
		network: Network::Dev,
		report: None,
		proposal_share: None,
		node_args: Vec::new(),
	};
	let mut it = std::env::args().skip(1);
	while let Some(flag) = it.next() {
		let value = it.next().with_context(|| format!("{flag} needs a value"))?;
		match flag.as_str() {
			"--citizens" => args.citizens = value.parse()?,
			"--network" =>
				args.network = match value.as_str() {
					"dev" => Network::Dev,
					"local" => Network::Local,
					other => bail!("--network is dev or local, not {other}"),
				},
			"--report" => args.report = Some(value),
			"--proposal-share" => args.proposal_share = Some(value.parse()?),
			"--node-arg" => args.node_args.push(value),
			other => bail!("unknown flag {other}"),
		}
	}
	ensure!(args.citizens > 1, "--citizens must be at least 2");
	Ok(args)
}

/// The chain under load: one development node, or the four agencies' nodes.
enum Net {
	Dev(Box<Dev>),
	Local(Consortium),
}

impl Net {
	async fn start(
		network: Network,
		proposal_share: Option<u8>,
		node_args: &[String],
	) -> Result<Net> {
		// Room in the pool for a whole phase, and for the set-up's registration requests.
		let mut extra: Vec<String> =
			["--pool-limit", "100000", "--pool-kbytes", "1000000", "--rpc-max-connections", "1000"]
				.map(String::from)
				.to_vec();
		if let Some(share) = proposal_share {
			extra.extend(["--block-proposal-share".to_string(), share.to_string()]);
		}
		extra.extend(node_args.iter().cloned());
		Ok(match network {
			Network::Dev => Net::Dev(Box::new(Dev::start_with(&extra).await?)),
			Network::Local => Net::Local(Consortium::start_with(&extra).await?),
		})
	}

	fn name(&self) -> &'static str {
		match self {
			Net::Dev(_) => "dev",
			Net::Local(_) => "local",
		}
	}

	fn api(&self) -> &Client {
		match self {
			Net::Dev(dev) => &dev.api,
			Net::Local(net) => net.api(),
		}
	}

	/// The node the set-up talks to and the measurement follows.
	fn url(&self) -> String {
		self.urls().remove(0)
	}

	/// Every chain node's log.
	fn logs(&self) -> Vec<std::path::PathBuf> {
		match self {
			Net::Dev(dev) => vec![dev.node.log.clone()],
			Net::Local(net) => net.node_logs(),
		}
	}

	/// Every node's RPC.
	fn urls(&self) -> Vec<String> {
		match self {
			Net::Dev(dev) => vec![dev.node.ws_url()],
			Net::Local(net) => (0..safetynet_e2e::network::AGENCIES).map(|i| net.url(i)).collect(),
		}
	}

	async fn govern(&self, call: runtime::Call) -> Result<()> {
		match self {
			Net::Dev(dev) => dev.govern(call).await.map(|_| ()),
			Net::Local(net) => {
				let call = runtime::Call::Consortium(runtime::consortium::Call::dispatch_as_root {
					call: Box::new(call),
				});
				net.council(call).await.map(|_| ())
			},
		}
	}

	/// Governance adds an agency administered by `admin`, who may then move money.
	/// Each serves a sub-district of its own (one agency of a kind per region): the `n`th.
	async fn add_funding_agency(&self, n: u64, uri: &str, admin: &Keypair) -> Result<()> {
		let name = format!("Funding agency of {uri}");
		let kind = AgencyKind::SocialInsuranceAgency;
		let region = DISTRICT + (n + 1) * 1_000;
		match self {
			Net::Dev(dev) => dev.add_agency_with_admin(kind, &name, region, admin.clone()).await,
			Net::Local(net) => net.add_agency_with_admin(kind, &name, region, admin.clone()).await,
		}
		.map(|_| ())
	}

	/// The well-known accounts that administer an agency at genesis (administrators may move
	/// money, without a citizen's quota), and those the council first makes administrators of
	/// agencies of their own.
	fn funders(&self) -> (Vec<&'static str>, Vec<&'static str>) {
		match self {
			Net::Dev(_) =>
				(vec!["//Alice"], vec!["//Bob", "//Charlie", "//Dave", "//Eve", "//Ferdie"]),
			Net::Local(_) => (vec!["//Alice", "//Bob", "//Charlie", "//Dave"], vec![]),
		}
	}
}

#[tokio::main]
async fn main() -> Result<()> {
	let args = parse_args()?;
	eprintln!(
		"starting the {} network...",
		if args.network == Network::Dev { "dev" } else { "local" }
	);
	let mut net = Net::start(args.network, args.proposal_share, &args.node_args).await?;
	let result = measure(&net, &args).await;
	if let Net::Local(consortium) = &mut net {
		consortium.stop();
	}
	let body = result?;
	println!("{body}");
	if let Some(path) = &args.report {
		load_report(path, net.name(), args.tuned(), &body)?;
	}
	Ok(())
}

/// Writes the run into its section of `path`: `load-applications-<network>` for the nodes'
/// defaults, `load-applications-<network>-tuned` for a run with a share or node arguments of its
/// own.
fn load_report(path: &str, network: &str, tuned: bool, body: &str) -> Result<()> {
	let section = format!("load-applications-{network}{}", if tuned { "-tuned" } else { "" });
	safetynet_e2e::report::write_section(path, &section, body)?;
	eprintln!("wrote {path}");
	Ok(())
}

/// One measured phase.
struct Phase {
	what: &'static str,
	sent: usize,
	accepted: usize,
	first_refusal: Option<String>,
	accepted_per_second: f64,
	landed: load::Landed,
	/// Best minus finalized block number, sampled every half second.
	lags: Vec<u64>,
	/// How the authors built the blocks that held the load ([`load::authoring`]).
	authoring: String,
}

impl Phase {
	fn row(&self, network: &str) -> String {
		let mut lags = self.lags.clone();
		lags.sort();
		let (p50, max) =
			(lags.get(lags.len() / 2).copied().unwrap_or(0), lags.last().copied().unwrap_or(0));
		format!(
			"| {network} | {} | {} | {} | {:.0} | {} | **{:.0}** | {} | {} | {p50} / {max} | {} |",
			self.what,
			self.sent,
			self.accepted,
			self.accepted_per_second,
			self.landed.included,
			self.landed.per_second,
			self.landed.blocks,
			self.landed.most_per_block,
			self.authoring,
		)
	}
}

async fn measure(net: &Net, args: &Args) -> Result<String> {
	let (api, url) = (net.api(), net.url());
	// Registration work and the staff quota are not what this measures.
	let cost = RequestCost { base_bits: 0, doubling_every: 0 };
	net.govern(runtime::Call::Registration(runtime::registration::Call::set_request_cost { cost }))
		.await?;
	net.govern(runtime::Call::Registration(runtime::registration::Call::set_quota {
		class: ParticipantClass::Staff,
		quota: None,
	}))
	.await?;
	// The funders are administrators, each sending thousands of transfers; citizens keep
	// their quota (two transactions each is well within it).
	net.govern(runtime::Call::Registration(runtime::registration::Call::set_quota {
		class: ParticipantClass::Administrator,
		quota: None,
	}))
	.await?;
	let alice = keypair("//Alice");

	let (administrators, to_add) = net.funders();
	let mut funders: Vec<Keypair> = administrators.into_iter().map(keypair).collect();
	// Only as many new administrators as the citizens need: each is a council motion.
	let per_funder = (PER_FUNDER / FUNDING) as usize;
	let wanted = args.citizens.div_ceil(per_funder).saturating_sub(funders.len());
	for (n, uri) in to_add.into_iter().take(wanted).enumerate() {
		let who = keypair(uri);
		net.add_funding_agency(n as u64, uri, &who)
			.await
			.with_context(|| format!("making {uri} an administrator to fund citizens"))?;
		funders.push(who);
	}
	let (officer, _) =
		setup::add_staff_at(api, &url, &alice, Role::SocialInsuranceOfficer, "load-officer")
			.await?;
	let most = funders.len() * per_funder;
	ensure!(args.citizens <= most, "the well-known accounts can fund at most {most} citizens");

	eprintln!("registering {} citizens...", args.citizens);
	let tag = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_nanos() as u64;
	let citizens = load::register_citizens(
		api,
		&url,
		args.citizens,
		AGENCY,
		Role::InsuredEmployee,
		&officer,
		HOME,
		tag,
	)
	.await?;
	fund(net, &funders, &citizens.accounts).await?;

	// Every transaction of both phases, signed before either starts.
	let applications: Vec<_> = (0..args.citizens)
		.map(|i| runtime::transactions().insurance().apply(form(tag, i)))
		.collect();
	let applications = load::sign_all(api, applications.iter().zip(&citizens.keys), |_| 1).await?;
	let transfers: Vec<_> = (0..args.citizens)
		.map(|i| {
			let next = citizens.accounts[(i + 1) % args.citizens];
			runtime::transactions().balances().transfer_keep_alive(next.into(), YUAN)
		})
		.collect();
	let transfers = load::sign_all(api, transfers.iter().zip(&citizens.keys), |_| 2).await?;

	let cases_before = next_case_id(api, &url).await?;
	let apps = phase(net, "insurance applications", applications).await?;
	let opened = next_case_id(api, &url).await? - cases_before;
	let pays = phase(net, "balance transfers", transfers).await?;

	let network = net.name();
	let ratio = apps.landed.per_second / pays.landed.per_second.max(1e-9);
	let share = match args.proposal_share {
		Some(percent) => format!("{percent} % (set with `--block-proposal-share`)"),
		None => "the node's default for this chain (`node/src/authoring.rs`)".to_string(),
	};
	let settings = match args.node_args.as_slice() {
		[] => String::new(),
		given => format!(" Every node also ran with `{}`.", given.join(" ")),
	};
	Ok(format!(
		"{} citizens, each applying for social insurance once (approved on the spot), then each \
		 transferring one yuan to the next. The authors' share of each slot: {share}.{settings}\n\n\
		 | network | load | sent | accepted | accepted/s | included | included/s | blocks | most per block | finality lag p50 / max (blocks) | building a block: p50 / per transaction / why it ended |\n\
		 |---|---|---|---|---|---|---|---|---|---|---|\n{}\n{}\n\n\
		 Applications per second / transfers per second: **{ratio:.2}**. Cases opened by the \
		 applications: {opened}.{}{}\n",
		args.citizens,
		apps.row(network),
		pays.row(network),
		refusal_note(&apps),
		refusal_note(&pays),
	))
}

fn refusal_note(phase: &Phase) -> String {
	match &phase.first_refusal {
		None => String::new(),
		Some(e) =>
			format!(" The pool refused {} {}, e.g. `{e}`.", phase.sent - phase.accepted, phase.what),
	}
}

/// Sends `signed` as fast as the nodes take them and follows the finalized chain until all the
/// accepted are in blocks (or none arrived for [`PATIENCE`]).
async fn phase(net: &Net, what: &'static str, signed: Vec<String>) -> Result<Phase> {
	let url = net.url();
	let (best, _) = BlockReader::connect(&url).await?.heads().await?;
	let lag = LagWatch::start(&url).await?;
	eprintln!("{what}: sending {}...", signed.len());
	let sent_count = signed.len();
	let sent = load::send(&net.urls(), signed, IN_FLIGHT).await?;
	eprintln!("{what}: {} accepted in {:.1} s", sent.accepted, sent.seconds);
	let landed = load::follow(&url, best, sent.accepted, PATIENCE).await?;
	let lags = lag.finish().await?;
	let authoring = load::authoring(&load::proposals(&net.logs()), landed.first, landed.last);
	eprintln!("{what}: {landed:?}; {authoring}");
	Ok(Phase {
		what,
		sent: sent_count,
		accepted: sent.accepted,
		first_refusal: sent.refused.first().cloned(),
		accepted_per_second: sent.accepted as f64 / sent.seconds.max(1e-9),
		landed,
		lags,
		authoring,
	})
}

/// Each funder gives [`FUNDING`] to its share of `citizens` (its transfers signed with nonces in
/// a row), and this waits until every citizen has it.
async fn fund(
	net: &Net,
	funders: &[Keypair],
	citizens: &[subxt::utils::AccountId32],
) -> Result<()> {
	let (api, url) = (net.api(), net.url());
	let mut next = Vec::new();
	for funder in funders {
		next.push(load::next_nonce(&url, &account(funder)).await?);
	}
	let calls: Vec<_> = citizens
		.iter()
		.map(|who| runtime::transactions().balances().transfer_keep_alive((*who).into(), FUNDING))
		.collect();
	let signers: Vec<&Keypair> = (0..citizens.len()).map(|i| &funders[i % funders.len()]).collect();
	let nonces: Vec<u64> = (0..citizens.len())
		.map(|i| next[i % funders.len()] + (i / funders.len()) as u64)
		.collect();
	let signed = load::sign_all(api, calls.iter().zip(signers), |i| nonces[i]).await?;
	load::send_all(&url, signed, "fundings").await?;
	// A funder's transfers go in nonce order: its last citizen funded means all of its are.
	let last: Vec<_> = citizens.iter().rev().take(funders.len()).collect();
	load::wait_until("the funders' last citizens funded", last.len(), async || {
		let at = api.at_block(chain::best_hash(&url).await?).await?;
		let mut funded = 0;
		for who in &last {
			let account = at
				.storage()
				.entry(runtime::storage().system().account())?
				.fetch((**who,))
				.await?
				.decode()?;
			funded += usize::from(account.data.free >= FUNDING);
		}
		Ok(funded)
	})
	.await
}

/// Citizen `i`'s application: the lowest contribution base at 8 %.
fn form(tag: u64, i: usize) -> InsuranceForm<u128> {
	let seed = format!("load {tag} {i}");
	InsuranceForm {
		agency: AGENCY,
		form_cid: Some(cid(format!("insurance form {seed}").as_bytes())),
		photo_cid: Some(cid(format!("photo {seed}").as_bytes())),
		bank_account_ref: H256(sp_crypto_hashing::blake2_256(format!("bank {seed}").as_bytes())),
		monthly_income: INCOME,
		payment_ratio: Permill(80_000),
		documents: BoundedVec(vec![cid(format!("employment contract {seed}").as_bytes())]),
		salt: sp_crypto_hashing::blake2_256(format!("salt {seed}").as_bytes()),
	}
}

/// The next case id at the best block.
async fn next_case_id(api: &Client, url: &str) -> Result<u64> {
	let at = api.at_block(chain::best_hash(url).await?).await?;
	Ok(at
		.storage()
		.entry(runtime::storage().cases().next_case_id())?
		.fetch(())
		.await?
		.decode()?)
}
