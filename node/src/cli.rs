//! Command-line interface: the standard Substrate node flags and subcommands.

/// The node's subcommands (running the node needs none).
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management (generate, inspect, insert keys into the keystore).
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification. Kept for older tooling; prefer `export-chain-spec`.
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export the chain specification of a chain (`dev`, `local` or a file).
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Database meta columns information.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Runtime benchmarks (only in builds with `--features runtime-benchmarks`).
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),
}

/// The node's command line.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	#[clap(flatten)]
	pub run: sc_cli::RunCmd,

	/// The Kubo RPC API where this node's offchain worker stores the approval records its
	/// agency seals: the agency's `safetynet-docs` node, or a Kubo daemon.
	#[arg(long, value_name = "URL", default_value = pallet_documents::offchain::DEFAULT_IPFS_API)]
	pub ipfs_api: String,

	/// The share of each slot, in percent, this node's author may spend building its block;
	/// the rest is for the other validators to import it before the next slot (see
	/// `authoring.rs`). Defaults to 67, and to 90 on a development chain, which has no other
	/// validator to wait for.
	#[arg(long, value_name = "PERCENT", value_parser = clap::value_parser!(u8).range(10..=95))]
	pub block_proposal_share: Option<u8>,
}
