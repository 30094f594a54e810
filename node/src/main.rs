//! `safetynet-node`: a validator or full node of Safety Net Chain.

mod authoring;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod chain_spec;
mod cli;
mod command;
mod metrics;
mod pool;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
