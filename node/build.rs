use substrate_build_script_utils::{generate_cargo_keys, rerun_if_git_head_changed};

/// Set by `scripts/lib/common.sh` to the checkout's commit, since the build tree it builds in has
/// no git history of its own; else the commit is git's.
const COMMIT: &str = "SUBSTRATE_CLI_GIT_COMMIT_HASH";

fn main() {
	generate_cargo_keys();
	println!("cargo:rerun-if-env-changed={COMMIT}");
	if std::env::var_os(COMMIT).is_none() {
		rerun_if_git_head_changed();
	}
}
